using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials.Hashing;
using AuthKit.Diagnostics;
using AuthKit.Endpoints;
using AuthKit.Http;
using AuthKit.TwoFactor;
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
    /// <c>reauthenticate</c>, <c>sessions/revoke-others</c>; GET <c>session</c>, <c>sessions</c>; DELETE <c>sessions/{id}</c>;
    /// with <c>AddPasswordReset()</c> POST <c>password/forgot</c>, <c>password/reset</c>; with <c>AddEmailVerification()</c>
    /// POST <c>email/verify</c>, <c>email/resend</c>, <c>email/change</c>; with <c>AddTwoFactor()</c> POST
    /// <c>login/second-factor</c>, <c>mfa/totp/setup</c>, <c>mfa/totp/confirm</c>, <c>mfa/totp/disable</c>,
    /// <c>mfa/recovery-codes</c>; with <c>AddPasskeys()</c> (AuthKit.Passkeys) the <c>passkeys/…</c> endpoints. Password change, address change and the second factor's changes need a fresh session. JSON in, JSON or
    /// problem details out, <c>Cache-Control: no-store</c> on every answer, a body limit, per-client rate limiting on the
    /// unsafe ones, and 503 before reading the body of those that hash a password while the hashing queue is full.
    /// </summary>
    /// <param name="endpoints">The endpoint builder (usually the app).</param>
    /// <param name="prefix">The path prefix.</param>
    /// <returns>The group, for further conventions.</returns>
    public static RouteGroupBuilder MapAuthKitEndpoints(this IEndpointRouteBuilder endpoints, string prefix = "/api/auth")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(prefix);

        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<AuthKit.AuthKitOptions>>();
        var group = endpoints.MapGroup(prefix);

        // The CSRF check recognises AuthKit's endpoints by this metadata (login CSRF needs no cookie to be refused).
        group.WithMetadata(AuthKitEndpointMetadata.Instance, new AuthKitPrefixMetadata(prefix));
        group.AddEndpointFilter(async (context, next) =>
        {
            // Session answers must never be cached by browsers or proxies (ASVS 14.3.2).
            Refusals.NoStore(context.HttpContext.Response);

            // No AuthKit request needs more than a few kilobytes: a larger body is refused before anything reads it.
            return JsonBody.CheckLength(context.HttpContext, options.Value.Endpoints.MaxRequestBodySize)
                ?? await next(context).ConfigureAwait(false);
        });

        group.MapPost("/login", AuthEndpointHandlers.LoginAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name).RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        group.MapPost("/signup", AuthEndpointHandlers.SignUpAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name).RefuseWhileHashingIsSaturated(static w => w.SignUpOverloaded());
        group.MapPost("/logout", AuthEndpointHandlers.LogoutAsync);
        group.MapGet("/session", AuthEndpointHandlers.SessionAsync);
        group.MapGet("/sessions", AuthEndpointHandlers.ListSessionsAsync);
        group.MapDelete("/sessions/{id}", AuthEndpointHandlers.RevokeSessionAsync);
        group.MapPost("/sessions/revoke-others", AuthEndpointHandlers.RevokeOtherSessionsAsync);
        group.MapPost("/password", AuthEndpointHandlers.ChangePasswordAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name).RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        group.MapPost("/reauthenticate", AccountEndpointHandlers.ReauthenticateAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name).RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());

        var features = endpoints.ServiceProvider.GetService<EmailFeatures>();
        if (features?.PasswordReset == true)
        {
            group.MapPost("/password/forgot", AccountEndpointHandlers.ForgotPasswordAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/password/reset", AccountEndpointHandlers.ResetPasswordAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name).RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        }

        if (features?.Verification == true)
        {
            group.MapPost("/email/verify", AccountEndpointHandlers.VerifyAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/email/resend", AccountEndpointHandlers.ResendAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/email/change", AccountEndpointHandlers.ChangeEmailAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        }

        if (endpoints.ServiceProvider.GetService<TwoFactorFeature>() is not null)
        {
            // The second step is the one place the pending state counts; the rest need a (fresh) session.
            group.MapPost("/login/second-factor", TwoFactorEndpointHandlers.SecondStepAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/mfa/totp/setup", TwoFactorEndpointHandlers.SetupAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/mfa/totp/confirm", TwoFactorEndpointHandlers.ConfirmAsync).RequireSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/mfa/totp/disable", TwoFactorEndpointHandlers.DisableAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/mfa/recovery-codes", TwoFactorEndpointHandlers.RegenerateAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        }

        if (endpoints.ServiceProvider.GetService<AuthKit.External.ExternalLoginFeature>() is not null)
        {
            // Sign-in at a provider (GET: a navigation), its completion, and linking (fresh session) and unlinking.
            group.MapGet("/external", ExternalEndpointHandlers.ProvidersAsync);
            group.MapGet("/external/callback", ExternalEndpointHandlers.CallbackAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapGet("/external/{provider}", ExternalEndpointHandlers.ChallengeAsync).RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapPost("/external/{provider}/link", ExternalEndpointHandlers.LinkAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
            group.MapGet("/logins", ExternalEndpointHandlers.ListAsync).RequireSession();
            group.MapDelete("/logins/{provider}", ExternalEndpointHandlers.UnlinkAsync).RequireFreshSession().RequireRateLimiting(AuthKitRateLimiterPolicy.Name);
        }

        // Feature packages (AuthKit.Passkeys) add theirs under the same prefix and conventions.
        foreach (var contributor in endpoints.ServiceProvider.GetServices<AuthKit.Internal.IAuthKitEndpointContributor>())
        {
            contributor.Map(group);
        }

        return group;
    }

    /// <summary>
    /// Under a flood the hashing queue is full: an endpoint that hashes answers 503 before it reads the body, the
    /// cheapest refusal there is, and the flood is warned about (sampled).
    /// </summary>
    private static RouteHandlerBuilder RefuseWhileHashingIsSaturated(this RouteHandlerBuilder builder, Action<FloodWarnings> warn)
        => builder.AddEndpointFilter(async (context, next) =>
        {
            var services = context.HttpContext.RequestServices;
            if (services.GetRequiredService<PasswordHashingGate>().IsSaturated)
            {
                warn(services.GetRequiredService<FloodWarnings>());
                return Refusals.Busy(context.HttpContext);
            }

            return await next(context).ConfigureAwait(false);
        });
}
