using System.Buffers.Text;
using System.Security.Cryptography;
using AuthKit.Sessions.Cookies;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions.Stateless;

/// <summary>
/// Stateless sessions: the cookie is the session. The only server-side state is the revocation list, checked
/// by the secure check, which is what makes logout and "sign out everywhere" real.
/// </summary>
internal sealed class StatelessSessionBackend : ISessionBackend
{
    // 128-bit session ids: unguessable and unique; they identify, they do not authenticate (the seal does).
    private const int SessionIdSize = 16;

    /// <summary>The purpose bound into AuthKit-sealed stateless cookies.</summary>
    public const string SealPurpose = "stateless-session-v1";

    private readonly ISessionRevocationStore _revocations;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly TimeSpan _issuedAtPrecision;

    public StatelessSessionBackend(ISessionRevocationStore revocations, IOptions<AuthKitOptions> options, SessionCookie cookie)
    {
        _revocations = revocations;
        _options = options;
        _issuedAtPrecision = cookie.Format.IssuedAtPrecision;
    }

    public SessionKind Kind => SessionKind.Stateless;

    public byte[] NewReference() => RandomNumberGenerator.GetBytes(SessionIdSize);

    public string PublicId(SessionCookiePayload session) => session.PublicIdCache ??= Base64Url.EncodeToString(session.Reference.Span);

    public Task StoreAsync(SessionCookiePayload session, SessionClientInfo client, CancellationToken cancellationToken) => Task.CompletedTask;

    public ValueTask<SessionCookiePayload?> ValidateAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Usually completes at once (an in-memory list): then no state machine is allocated.
        var check = _revocations.IsRevokedAsync(PublicId(session), session.UserId, session.IssuedAt, cancellationToken);
        return check.IsCompletedSuccessfully
            ? new ValueTask<SessionCookiePayload?>(check.Result ? null : session)
            : AwaitAsync(check, session);

        static async ValueTask<SessionCookiePayload?> AwaitAsync(ValueTask<bool> check, SessionCookiePayload session)
            => await check.ConfigureAwait(false) ? null : session;
    }

    public Task TouchAsync(SessionCookiePayload renewed, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RevokeAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
        // Until the absolute expiry: no copy of this session, however renewed, can outlive it.
        => _revocations.RevokeSessionAsync(PublicId(session), session.AbsoluteExpiresAt, cancellationToken).AsTask();

    public async Task<SessionCookiePayload?> RevokeAllAsync(string userId, SessionCookiePayload? keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every cookie issued up to now is refused; no such session lives past now + the absolute lifetime.
        await _revocations.RevokeUserAsync(userId, now, now + _options.Value.Sessions.AbsoluteTimeout, cancellationToken).ConfigureAwait(false);

        // The kept session gets a cookie issued just after the not-before time (one step of the format's clock:
        // 1 ms for AuthKit's format, 1 s for Unix-seconds formats). Its older copies (other tabs, a stolen
        // cookie) carry the old issue time and are refused.
        return keep?.With(issuedAt: now + _issuedAtPrecision);
    }

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotSupportedException("Stateless sessions are not recorded on the server, so they cannot be listed. Use database sessions (AddDatabaseSessions) for session lists.");

    public Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotSupportedException("Stateless sessions are not recorded on the server, so one cannot be revoked by id from another device. Use RevokeAllAsync, or database sessions.");
}
