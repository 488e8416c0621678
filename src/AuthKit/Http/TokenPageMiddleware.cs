using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuthKit.Http;

/// <summary>
/// The pages that mailed links open (<see cref="EmailOptions.VerifyPath"/>, <see cref="EmailOptions.ResetPasswordPath"/>)
/// carry a token in their URL: they answer <c>Referrer-Policy: no-referrer</c> (the token must not leak to whatever the
/// page loads or links to) and <c>Cache-Control: no-store</c>, whoever renders them. Added by <c>UseAuthKit()</c> when an
/// email feature is on.
/// </summary>
internal sealed class TokenPageMiddleware
{
    private static readonly Func<object, Task> SetHeaders = static state =>
    {
        var headers = ((HttpResponse)state).Headers;
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return Task.CompletedTask;
    };

    private readonly RequestDelegate _next;
    private readonly PathString _verify;
    private readonly PathString _reset;

    public TokenPageMiddleware(RequestDelegate next, IOptions<AuthKitOptions> options)
    {
        _next = next;
        _verify = new PathString(options.Value.Email.VerifyPath);
        _reset = new PathString(options.Value.Email.ResetPasswordPath);
    }

    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (path.Equals(_verify, StringComparison.OrdinalIgnoreCase) || path.Equals(_reset, StringComparison.OrdinalIgnoreCase))
        {
            // When the answer starts, so that what renders the page cannot replace them.
            context.Response.OnStarting(SetHeaders, context.Response);
        }

        return _next(context);
    }
}
