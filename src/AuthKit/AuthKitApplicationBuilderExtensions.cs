using AuthKit.Authorization;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds AuthKit to the request pipeline.</summary>
public static class AuthKitApplicationBuilderExtensions
{
    /// <summary>
    /// Adds AuthKit to the pipeline, in this order: the CSRF origin check and the optimistic route policies
    /// (cookie only, no I/O), then authentication (the secure check, setting <c>HttpContext.User</c>),
    /// authorization, and the rate limiter of AuthKit's endpoints. Guard failures anywhere after it become
    /// 401/403 (or redirects for pages) and store outages 503, never 500.
    /// Call it after <c>UseRouting()</c> when the app calls that explicitly, and before the endpoints.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseAuthKit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<AuthKitMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
