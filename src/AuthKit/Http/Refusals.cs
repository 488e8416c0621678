using System.Globalization;
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

    /// <summary>
    /// 400, field-keyed as <see cref="HttpValidationProblemDetails"/> (what <c>MapIdentityApi</c> answers):
    /// <c>errors.{field}</c> holds the sentences and <c>codes.{field}</c> the stable, machine-readable codes, in the same
    /// order; <c>code</c> is the first reason's code. A reason about no field of the body (an expired challenge) is in
    /// <c>code</c> and <c>detail</c> only.
    /// </summary>
    public static IResult Invalid(string title, IReadOnlyList<AuthKitError> errors, ErrorFields? fields = null)
    {
        fields ??= ErrorFields.Default;
        var messages = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var codes = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var error in errors)
        {
            if (fields.Of(error.Code) is { } field)
            {
                messages[field] = messages.TryGetValue(field, out var m) ? [.. m, error.Description] : [error.Description];
                codes[field] = codes.TryGetValue(field, out var c) ? [.. c, error.Code] : [error.Code];
            }
        }

        var extensions = new Dictionary<string, object?>(StringComparer.Ordinal) { [CodeKey] = errors.Count > 0 ? errors[0].Code : null };
        if (codes.Count > 0)
        {
            extensions[CodesKey] = codes;
        }

        return TypedResults.ValidationProblem(
            messages,
            detail: string.Join(" ", errors.Select(static e => e.Description)),
            title: title,
            extensions: extensions);
    }

    /// <summary>A refusal with one machine-readable code (<c>code</c>), for statuses other than 400.</summary>
    public static IResult Coded(int status, string title, AuthKitError error) => Results.Problem(
        statusCode: status,
        title: title,
        detail: error.Description,
        extensions: new Dictionary<string, object?>(StringComparer.Ordinal) { [CodeKey] = error.Code });

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

    /// <summary>The problem member with the reason's code.</summary>
    public const string CodeKey = "code";

    /// <summary>The problem member with the codes per field.</summary>
    public const string CodesKey = "codes";
}

/// <summary>
/// Which field of a request body each reason is about, for the field-keyed 400. The defaults fit sign-up and sign-in
/// (<c>email</c>, <c>password</c>); other bodies name theirs (<c>newPassword</c>, <c>currentPassword</c>, <c>newEmail</c>,
/// <c>recoveryCode</c>). <see langword="null"/>: the body has no such field.
/// </summary>
internal sealed record ErrorFields(string? Email = "email", string? Password = "password", string? CurrentPassword = "password", string? Code = "code")
{
    public static readonly ErrorFields Default = new();

    /// <summary>The field of a reason, or <see langword="null"/> when it is about none.</summary>
    public string? Of(string code) => code switch
    {
        AuthKitErrorCodes.EmailInvalid or AuthKitErrorCodes.EmailTaken or AuthKitErrorCodes.EmailUnchanged => Email,
        AuthKitErrorCodes.PasswordTooShort or AuthKitErrorCodes.PasswordTooLong or AuthKitErrorCodes.PasswordCommon or AuthKitErrorCodes.PasswordInvalid => Password,
        AuthKitErrorCodes.PasswordIncorrect => CurrentPassword,
        AuthKitErrorCodes.TokenInvalid => "token",
        AuthKitErrorCodes.CodeInvalid => Code,
        AuthKitErrorCodes.PasskeyNameInvalid => "name",
        _ => null,
    };
}
