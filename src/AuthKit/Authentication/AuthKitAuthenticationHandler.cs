using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthKit.Http;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Authentication;

/// <summary>
/// The ASP.NET Core authentication handler of the <c>AuthKit</c> scheme: runs the secure session check
/// (once per request, memoised by <see cref="ISessionManager"/>) and turns a valid session into
/// <c>HttpContext.User</c>, so <c>[Authorize]</c>, <c>[Authorize(Roles = …)]</c> and <c>RequireAuthorization()</c> work.
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
    {
        ClaimsPrincipal? principal;
        try
        {
            principal = await AuthenticateAsync(_session, Context, Scheme.Name, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException ex)
        {
            // Fail closed: not authenticated. A challenge then answers 503, not 401 (the user is not signed out).
            Context.Features.Set(new SessionStoreUnavailableFeature());
            return AuthenticateResult.Fail(ex);
        }

        return principal is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>
    /// The secure check (memoised for the request) and the principal it gives, built from the verified payload: the
    /// <see cref="AuthSession"/> is built only if something asks for it. What the benchmarks measure.
    /// </summary>
    internal static async ValueTask<ClaimsPrincipal?> AuthenticateAsync(SessionCheck check, HttpContext context, string scheme, CancellationToken cancellationToken)
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
