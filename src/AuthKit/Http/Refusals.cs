using System.Globalization;
using System.Text.Json.Serialization;
using AuthKit.Credentials;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Http;

/// <summary>
/// Every answer AuthKit gives when it refuses a request, in one place: problem details (RFC 9457) with
/// <c>Cache-Control: no-store</c>, <c>Retry-After</c> where waiting helps, never a stack trace.
/// </summary>
internal static class Refusals
{
    /// <summary>Answers about sessions and refusals must never be cached by browsers or proxies (ASVS 14.3.2).</summary>
    public static void NoStore(HttpResponse response) => response.Headers.CacheControl = "no-store";

    /// <summary>Whole seconds, rounded up, at least one: what <c>Retry-After</c> carries.</summary>
    public static string RetryAfter(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>A problem answer (the endpoint filter of AuthKit's endpoints adds <c>no-store</c>).</summary>
    public static IResult Problem(int status, string title, string? detail = null)
        => Results.Problem(statusCode: status, title: title, detail: detail);

    /// <summary>A problem answer written straight away, with <c>no-store</c> (middleware, outside AuthKit's endpoints).</summary>
    public static Task WriteProblemAsync(HttpContext context, int status, string title, string? detail = null)
    {
        NoStore(context.Response);
        return Problem(status, title, detail).ExecuteAsync(context);
    }

    /// <summary>400 with every reason as a stable, machine-readable code (<c>errors[].code</c>) and a sentence.</summary>
    public static IResult Invalid(string title, IReadOnlyList<AuthKitError> errors) => Results.Problem(
        statusCode: StatusCodes.Status400BadRequest,
        title: title,
        detail: string.Join(" ", errors.Select(static e => e.Description)),
        extensions: new Dictionary<string, object?> { ["errors"] = errors.Select(static e => new ErrorEntry(e.Code, e.Description)).ToList() });

    /// <summary>A refusal with one machine-readable code (<c>errors[].code</c>), for statuses other than 400.</summary>
    public static IResult Coded(int status, string title, AuthKitError error) => Results.Problem(
        statusCode: status,
        title: title,
        detail: error.Description,
        extensions: new Dictionary<string, object?> { ["errors"] = new List<ErrorEntry> { new(error.Code, error.Description) } });

    /// <summary>429: throttled (sign-in guessing) or rate limited.</summary>
    public static IResult TooManyAttempts(HttpContext http, TimeSpan retryAfter, string title, string detail)
    {
        http.Response.Headers.RetryAfter = RetryAfter(retryAfter);
        return Problem(StatusCodes.Status429TooManyRequests, title, detail);
    }

    /// <summary>503 while the password hashing queue is full: shed load instead of piling up.</summary>
    public static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "2";
        return Problem(StatusCodes.Status503ServiceUnavailable, "The server is busy.", "Too many sign-ins are being checked right now. Try again shortly.");
    }

    /// <summary>503 when the session authority is down: the user is not signed out, only not served right now.</summary>
    public static Task WriteStoreUnavailableAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = "5";
        return WriteProblemAsync(context, StatusCodes.Status503ServiceUnavailable, "Sessions are temporarily unavailable.", "The session store did not answer. Try again shortly.");
    }

    private sealed record ErrorEntry([property: JsonPropertyName("code")] string Code, [property: JsonPropertyName("description")] string Description);
}
