using AuthKit.Accounts;
using AuthKit.Authentication;
using AuthKit.Authorization;
using AuthKit.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds AuthKit to the request pipeline.</summary>
public static class AuthKitApplicationBuilderExtensions
{
    // What UseAuthentication() records on the builder (Microsoft.AspNetCore.Builder.AuthAppBuilderExtensions).
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// Adds AuthKit to the pipeline, in this order: refusals (guard failures anywhere after it become 401/403, or
    /// redirects for pages, and store outages 503, never 500), the CSRF origin check, the optimistic route policies
    /// (cookie only, no I/O; only when <c>AddRoutePolicies</c> declared some), then authentication (the secure check,
    /// setting <c>HttpContext.User</c>), authorization, and the rate limiter of AuthKit's endpoints.
    /// Call it after <c>UseExceptionHandler()</c> and before <c>UseStaticFiles()</c> (so route policies cover files), and
    /// after <c>UseRouting()</c> when the app calls that explicitly.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseAuthKit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<RefusalMiddleware>();
        app.UseMiddleware<CsrfMiddleware>();
        if (app.ApplicationServices.GetService<EmailFeatures>() is not null)
        {
            app.UseMiddleware<TokenPageMiddleware>();
        }

        if (app.ApplicationServices.GetRequiredService<IOptions<RoutePolicyOptions>>().Value.Rules.Count > 0)
        {
            app.UseMiddleware<RoutePolicyMiddleware>();
        }

        // UseAuthentication(), with AuthKit's scheme authenticated without a handler per request (see the middleware).
        // The flag is the one UseAuthentication() sets: WebApplication would otherwise add the framework's middleware
        // again at the start of the pipeline, authenticating every request twice.
        app.UseMiddleware<AuthKitAuthenticationMiddleware>();
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        app.UseAuthorization();
        app.UseRateLimiter();
        return app;
    }
}
