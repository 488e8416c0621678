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
        var session = await _sessions.GetAsync(Context, Context.RequestAborted).ConfigureAwait(false);
        return session is null
            ? AuthenticateResult.NoResult()
            : AuthenticateResult.Success(new AuthenticationTicket(CreatePrincipal(session, Scheme.Name), Scheme.Name));
    }

    internal static ClaimsPrincipal CreatePrincipal(AuthSession session, string scheme)
    {
        var claims = new List<Claim>(2 + session.Roles.Count)
        {
            new(AuthKitClaimTypes.UserId, session.UserId),
            new(AuthKitClaimTypes.SessionId, session.Id),
        };
        foreach (var role in session.Roles)
        {
            claims.Add(new Claim(AuthKitClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme, AuthKitClaimTypes.UserId, AuthKitClaimTypes.Role));
    }
}
