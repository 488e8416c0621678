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

        group.MapPost("/login", AuthEndpointHandlers.LoginAsync).Describe("Signs in with email and password.").WithMetadata(SignInAnswers.Instance)
            .Reads<CredentialsRequest>().Answers<SessionResponse>().Answers<ErrorResponse>(StatusCodes.Status401Unauthorized).Refuses(StatusCodes.Status403Forbidden)
            .Limited().RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        group.MapPost("/signup", AuthEndpointHandlers.SignUpAsync).Describe("Creates an account and signs it in (or, when addresses must be verified first, mails a link).")
            .Reads<CredentialsRequest>().Answers<SessionResponse>(StatusCodes.Status201Created).Answers<AcceptedResponse>(StatusCodes.Status202Accepted)
            .Limited().RefuseWhileHashingIsSaturated(static w => w.SignUpOverloaded());
        group.MapPost("/logout", AuthEndpointHandlers.LogoutAsync).Describe("Signs out: ends the session and deletes its cookie.")
            .AnswersEmpty();
        group.MapGet("/session", AuthEndpointHandlers.SessionAsync).Describe("The current session.")
            .Answers<SessionResponse>().Refuses(StatusCodes.Status401Unauthorized);
        group.MapGet("/sessions", AuthEndpointHandlers.ListSessionsAsync).Describe("The user's sessions (database sessions).")
            .Answers<List<SessionListEntry>>().Refuses(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        group.MapDelete("/sessions/{id}", AuthEndpointHandlers.RevokeSessionAsync).Describe("Ends one of the user's sessions.")
            .AnswersEmpty().Refuses(StatusCodes.Status401Unauthorized, StatusCodes.Status404NotFound);
        group.MapPost("/sessions/revoke-others", AuthEndpointHandlers.RevokeOtherSessionsAsync).Describe("Ends the user's other sessions.")
            .AnswersEmpty().Refuses(StatusCodes.Status401Unauthorized);
        group.MapPost("/password", AuthEndpointHandlers.ChangePasswordAsync).Describe("Changes the password (fresh session); other sessions end.")
            .Reads<ChangePasswordRequest>().AnswersEmpty().RequireFreshSession()
            .Limited().RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        group.MapPost("/reauthenticate", AccountEndpointHandlers.ReauthenticateAsync).Describe("Proves the user again (password, code or recovery code): the session becomes fresh.")
            .Reads<ReauthenticateRequest>().AnswersEmpty().Refuses(StatusCodes.Status401Unauthorized)
            .Limited().RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());

        var features = endpoints.ServiceProvider.GetService<EmailFeatures>();
        if (features?.PasswordReset == true)
        {
            group.MapPost("/password/forgot", AccountEndpointHandlers.ForgotPasswordAsync).Describe("Mails a password reset link (the same answer for every address).")
                .Reads<EmailRequest>().Answers<AcceptedResponse>(StatusCodes.Status202Accepted).Limited();
            group.MapPost("/password/reset", AccountEndpointHandlers.ResetPasswordAsync).Describe("Sets a new password with a mailed link's token; every session ends.")
                .Reads<ResetPasswordRequest>().AnswersEmpty()
                .Limited().RefuseWhileHashingIsSaturated(static w => w.SignInOverloaded());
        }

        if (features?.Verification == true)
        {
            group.MapPost("/email/verify", AccountEndpointHandlers.VerifyAsync).Describe("Redeems a mailed link: verifies the address, changes it, or completes a sign-up (then signed in).")
                .Reads<TokenRequest>().AnswersEmpty().Answers<SessionResponse>().Limited();
            group.MapPost("/email/resend", AccountEndpointHandlers.ResendAsync).Describe("Mails a new verification link (the same answer for every address).")
                .Reads<EmailRequest>().Answers<AcceptedResponse>(StatusCodes.Status202Accepted).Limited();
            group.MapPost("/email/change", AccountEndpointHandlers.ChangeEmailAsync).Describe("Starts an address change (fresh session): a link goes to the new address.")
                .Reads<ChangeEmailRequest>().Answers<AcceptedResponse>(StatusCodes.Status202Accepted).RequireFreshSession().Limited();
        }

        if (endpoints.ServiceProvider.GetService<TwoFactorFeature>() is not null)
        {
            // The second step is the one place the pending state counts; the rest need a (fresh) session.
            group.MapPost("/login/second-factor", TwoFactorEndpointHandlers.SecondStepAsync).Describe("Completes a sign-in with a second factor (TOTP or recovery code).")
                .Reads<SecondFactorRequest>().Answers<SessionResponse>().Refuses(StatusCodes.Status401Unauthorized).Limited();
            group.MapPost("/mfa/totp/setup", TwoFactorEndpointHandlers.SetupAsync).Describe("Starts an authenticator-app enrolment (fresh session).")
                .Answers<TotpSetupResponse>().Refuses(StatusCodes.Status409Conflict).RequireFreshSession().Limited();
            group.MapPost("/mfa/totp/confirm", TwoFactorEndpointHandlers.ConfirmAsync).Describe("Confirms the enrolment with a first code; answers the recovery codes, once.")
                .Reads<CodeRequest>().Answers<RecoveryCodesResponse>().Refuses(StatusCodes.Status409Conflict).RequireSession().Limited();
            group.MapPost("/mfa/totp/disable", TwoFactorEndpointHandlers.DisableAsync).Describe("Turns the second factor off (fresh session and a code).")
                .Reads<CodeRequest>().AnswersEmpty().Refuses(StatusCodes.Status409Conflict).RequireFreshSession().Limited();
            group.MapPost("/mfa/recovery-codes", TwoFactorEndpointHandlers.RegenerateAsync).Describe("Replaces the recovery codes (fresh session); answers the new ones, once.")
                .Answers<RecoveryCodesResponse>().Refuses(StatusCodes.Status409Conflict).RequireFreshSession().Limited();
        }

        if (endpoints.ServiceProvider.GetService<AuthKit.External.ExternalLoginFeature>() is not null)
        {
            // Sign-in at a provider (GET: a navigation), its completion, and linking (fresh session) and unlinking.
            group.MapGet("/external", ExternalEndpointHandlers.ProvidersAsync).Describe("The external sign-in providers.")
                .Answers<List<ExternalProviderResponse>>();
            group.MapGet("/external/callback", ExternalEndpointHandlers.CallbackAsync).Describe("Where a provider's sign-in ends (a navigation): redirects to the return URL, the second step, or the login page with an error.")
                .AnswersEmpty(StatusCodes.Status302Found).Limited();
            group.MapGet("/external/{provider}", ExternalEndpointHandlers.ChallengeAsync).Describe("Starts a sign-in at a provider (a navigation, not a fetch).")
                .AnswersEmpty(StatusCodes.Status302Found).Refuses(StatusCodes.Status404NotFound).Limited();
            group.MapPost("/external/{provider}/link", ExternalEndpointHandlers.LinkAsync).Describe("Prepares linking a provider to the signed-in account (fresh session): answers where to navigate.")
                .Answers<ExternalLinkResponse>().Refuses(StatusCodes.Status404NotFound).RequireFreshSession().Limited();
            group.MapGet("/logins", ExternalEndpointHandlers.ListAsync).Describe("The account's linked providers.")
                .Answers<List<LinkedLoginResponse>>().RequireSession();
            group.MapDelete("/logins/{provider}", ExternalEndpointHandlers.UnlinkAsync).Describe("Unlinks a provider (fresh session); never the last way to sign in.")
                .AnswersEmpty().Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).RequireFreshSession().Limited();
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
        => builder.ProducesProblem(StatusCodes.Status503ServiceUnavailable).AddEndpointFilter(async (context, next) =>
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
