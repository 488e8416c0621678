using System.Security.Claims;
using System.Text.Encodings.Web;
using AuthKit.Sessions;
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
    private readonly ISessionManager _sessions;

    public AuthKitAuthenticationHandler(
        IOptionsMonitor<AuthenticationSchemeOptions> options,
        ILoggerFactory logger,
        UrlEncoder encoder,
        ISessionManager sessions)
        : base(options, logger, encoder)
    {
        _sessions = sessions;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        AuthSession? session;
        try
        {
            session = await _sessions.GetAsync(Context, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException ex)
        {
            // Fail closed: not authenticated. A challenge then answers 503, not 401 (the user is not signed out).
            Context.Features.Set(new SessionStoreUnavailableFeature());
            return AuthenticateResult.Fail(ex);
        }

        return session is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(session, Scheme.Name), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Features.Get<SessionStoreUnavailableFeature>() is null)
        {
            await base.HandleChallengeAsync(properties).ConfigureAwait(false);
            return;
        }

        await StoreUnavailableResponse.WriteAsync(Context).ConfigureAwait(false);
    }

    internal static ClaimsPrincipal CreatePrincipal(AuthSession session, string scheme)
    {
        // Built on every authenticated request: claims go straight into the identity, no list in between.
        var identity = new ClaimsIdentity(scheme, AuthKitClaimTypes.UserId, AuthKitClaimTypes.Role);
        identity.AddClaim(new Claim(AuthKitClaimTypes.UserId, session.UserId));
        identity.AddClaim(new Claim(AuthKitClaimTypes.SessionId, session.Id));
        foreach (var role in session.Roles)
        {
            identity.AddClaim(new Claim(AuthKitClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(identity);
    }
}
