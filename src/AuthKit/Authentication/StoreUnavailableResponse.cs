using Microsoft.AspNetCore.Http;

namespace AuthKit.Authentication;

/// <summary>The 503 answer when the session authority is down: problem details, a retry hint, nothing cached.</summary>
internal static class StoreUnavailableResponse
{
    public static Task WriteAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(
            statusCode: StatusCodes.Status503ServiceUnavailable,
            title: "Sessions are temporarily unavailable.",
            detail: "The session store did not answer. Try again shortly.").ExecuteAsync(context);
    }
}
