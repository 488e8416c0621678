using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthKit.Http;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Authentication;

/// <summary>
/// The ASP.NET Core authentication handler of the <c>AuthKit</c> scheme: runs the secure session check (once per
/// request, memoised by <see cref="SessionCheck"/>) and turns a valid session into <c>HttpContext.User</c>, so
/// <c>[Authorize]</c>, <c>[Authorize(Roles = …)]</c> and <c>RequireAuthorization()</c> work. <c>app.UseAuthKit()</c>
/// authenticates the default scheme without creating this handler (<see cref="AuthKitAuthenticationMiddleware"/>); the
/// handler serves explicit authentication, challenges and forbids.
/// </summary>
internal sealed class AuthKitAuthenticationHandler : AuthenticationHandler<AuthenticationSchemeOptions>
{
    private readonly SessionCheck _session;

    public AuthKitAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        SessionCheck session)
        : base(options, logger, encoder)
    {
        _session = session;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
        => await AuthenticateAsync(_session, Context, Context.RequestAborted).ConfigureAwait(false) ?? AuthenticateResult.NoResult();

    /// <summary>
    /// The scheme's authentication, shared by this handler and AuthKit's authentication middleware: the secure check
    /// (memoised for the request) turned into a ticket, or <see langword="null"/> without a session. A store outage fails
    /// closed: not authenticated, and a challenge then answers 503, not 401 (the user is not signed out).
    /// </summary>
    internal static async ValueTask<AuthenticateResult?> AuthenticateAsync(SessionCheck check, HttpContext context, CancellationToken cancellationToken)
    {
        try
        {
            var principal = await AuthenticatePrincipalAsync(check, context, AuthKitDefaults.AuthenticationScheme, cancellationToken).ConfigureAwait(false);
            return principal is null ? null : AuthenticateResult.Success(new AuthenticationTicket(principal, AuthKitDefaults.AuthenticationScheme));
        }
        catch (SessionStoreUnavailableException ex)
        {
            context.Features.Set(new SessionStoreUnavailableFeature());
            return AuthenticateResult.Fail(ex);
        }
    }

    /// <summary>
    /// The secure check (memoised for the request) and the principal it gives, built from the verified payload: the
    /// <see cref="AuthSession"/> is built only if something asks for it. What the benchmarks measure.
    /// </summary>
    internal static async ValueTask<ClaimsPrincipal?> AuthenticatePrincipalAsync(SessionCheck check, HttpContext context, string scheme, CancellationToken cancellationToken)
    {
        var session = await check.VerifyAsync(context, cancellationToken).ConfigureAwait(false);
        return session is null ? null : CreatePrincipal(session.UserId, check.PublicId(session), session.Roles, scheme);
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Features.Get<SessionStoreUnavailableFeature>() is null)
        {
            await base.HandleChallengeAsync(properties).ConfigureAwait(false);
            return;
        }

        await Refusals.WriteStoreUnavailableAsync(Context).ConfigureAwait(false);
    }

    internal static ClaimsPrincipal CreatePrincipal(string userId, string sessionId, IReadOnlyList<string> roles, string scheme)
    {
        // Built on every authenticated request: claims go straight into the identity, no list in between, and
        // each claim is created with the identity as its subject (AddClaim clones a claim that has another one).
        var identity = new ClaimsIdentity(scheme, AuthKitClaimTypes.UserId, AuthKitClaimTypes.Role);
        identity.AddClaim(OwnClaim(identity, AuthKitClaimTypes.UserId, userId));
        identity.AddClaim(OwnClaim(identity, AuthKitClaimTypes.SessionId, sessionId));
        foreach (var role in roles)
        {
            identity.AddClaim(OwnClaim(identity, AuthKitClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }

    private static Claim OwnClaim(ClaimsIdentity identity, string type, string value)
        => new(type, value, ClaimValueTypes.String, ClaimsIdentity.DefaultIssuer, ClaimsIdentity.DefaultIssuer, identity);
}
