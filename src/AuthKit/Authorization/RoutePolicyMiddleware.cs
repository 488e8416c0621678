using AuthKit.Http;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Authorization;

/// <summary>
/// The route policies, applied optimistically (the Next.js guide's proxy): from the cookie alone, decrypted and
/// unexpired, no store or revocation-list I/O. Redirects signed-in users away from public-only pages and refuses
/// anonymous (401) or unprivileged (403) requests to protected routes before they reach an endpoint.
/// </summary>
internal sealed class RoutePolicyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly RoutePolicyOptions _routes;
    private readonly AccessDenial _denial;
    private readonly SessionCheck? _check;

    public RoutePolicyMiddleware(RequestDelegate next, IOptions<RoutePolicyOptions> routes, AccessDenial denial, IServiceProvider services)
    {
        _next = next;
        _routes = routes.Value;
        _denial = denial;

        // Without sessions (AddSessions not called) every request is anonymous to the route policies.
        _check = services.GetService<SessionCheck>();
    }

    public Task InvokeAsync(HttpContext context)
    {
        var rule = _routes.Match(context.Request.Path);
        var access = rule?.Access ?? _routes.DefaultAccess;
        if (access is RouteAccess.Ignored or RouteAccess.Public)
        {
            return _next(context);
        }

        // What a protected or public-only route answers depends on who asks: never let a browser or proxy cache it (a
        // cached dashboard would still show after sign-out). An endpoint may still set its own policy.
        Refusals.NoStore(context.Response);

        var session = _check?.ReadCookie(context);
        switch (access)
        {
            case RouteAccess.PublicOnly when session is not null:
                context.Response.Redirect(_routes.LandingPath);
                return Task.CompletedTask;
            case RouteAccess.Protected when session is null:
                return _denial.WriteAsync(context, StatusCodes.Status401Unauthorized, userId: null);
            case RouteAccess.Protected when rule?.Role is { } role && !HasRole(session.Roles, role):
                return _denial.WriteAsync(context, StatusCodes.Status403Forbidden, session.UserId);
            default:
                return _next(context);
        }
    }

    private static bool HasRole(IReadOnlyList<string> roles, string role)
    {
        foreach (var held in roles)
        {
            if (string.Equals(held, role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
