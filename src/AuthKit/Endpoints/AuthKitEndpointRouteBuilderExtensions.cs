using AuthKit.Authorization;
using AuthKit.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps AuthKit's ready-made HTTP endpoints.</summary>
public static class AuthKitEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps, under <paramref name="prefix"/>: POST <c>login</c>, <c>signup</c>, <c>logout</c>, <c>password</c>,
    /// <c>sessions/revoke-others</c>; GET <c>session</c>, <c>sessions</c>; DELETE <c>sessions/{id}</c>. JSON in, JSON or
    /// problem details out, <c>Cache-Control: no-store</c> on every answer, per-IP rate limiting on the unsafe ones.
    /// </summary>
    /// <param name="endpoints">The endpoint builder (usually the app).</param>
    /// <param name="prefix">The path prefix.</param>
    /// <returns>The group, for further conventions.</returns>
    public static RouteGroupBuilder MapAuthKitEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/api/auth")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        endpoints.ServiceProvider.GetRequiredService<AuthKitEndpointMarker>().Prefix = new PathString(prefix);

        var group = endpoints.MapGroup(prefix);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<AuthKit.AuthKitOptions>>();
        group.AddEndpointFilter(async (context, next) =>
        {
            // Session answers must never be cached by browsers or proxies (ASVS 14.3.2).
            context.HttpContext.Response.Headers.CacheControl = "no-store";

            // No AuthKit request needs more than a few kilobytes: a larger body is refused before anything reads it.
            return JsonBody.CheckLength(context.HttpContext, options.Value.Endpoints.MaxRequestBodySize)
                ?? await next(context).ConfigureAwait(false);
        });

        group.MapPost("/login", AuthEndpointHandlers.LoginAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        group.MapPost("/signup", AuthEndpointHandlers.SignUpAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        group.MapPost("/logout", AuthEndpointHandlers.LogoutAsync);
        group.MapGet("/session", AuthEndpointHandlers.SessionAsync);
        group.MapGet("/sessions", AuthEndpointHandlers.ListSessionsAsync);
        group.MapDelete("/sessions/{id}", AuthEndpointHandlers.RevokeSessionAsync);
        group.MapPost("/sessions/revoke-others", AuthEndpointHandlers.RevokeOtherSessionsAsync);
        group.MapPost("/password", AuthEndpointHandlers.ChangePasswordAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        return group;
    }
}
