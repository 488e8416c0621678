using System.Buffers.Text;
using System.Security.Cryptography;
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

    private readonly ISessionRevocationStore _revocations;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly IStatelessSessionFormat _format;

    public StatelessSessionBackend(ISessionRevocationStore revocations, IOptions<AuthKitOptions> options, IStatelessSessionFormat format)
    {
        _revocations = revocations;
        _options = options;
        _format = format;
    }

    public SessionKind Kind => SessionKind.Stateless;

    /// <summary>The purpose bound into AuthKit-sealed stateless cookies.</summary>
    public const string SealPurpose = "stateless-session-v1";

    public string Purpose => SealPurpose;

    public byte[] NewReference() => RandomNumberGenerator.GetBytes(SessionIdSize);

    public string PublicId(SessionTicket ticket) => ticket.PublicIdCache ??= Base64Url.EncodeToString(ticket.Reference);

    public Task StoreAsync(SessionTicket ticket, SessionClientInfo client, CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask<SessionTicket?> ValidateAsync(SessionTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
        => await _revocations.IsRevokedAsync(PublicId(ticket), ticket.UserId, ticket.IssuedAt, cancellationToken).ConfigureAwait(false)
            ? null
            : ticket;

    public Task TouchAsync(SessionTicket renewed, DateTimeOffset now, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task RevokeAsync(SessionTicket ticket, DateTimeOffset now, CancellationToken cancellationToken)
        // Until the absolute expiry: no copy of this session, however renewed, can outlive it.
        => _revocations.RevokeSessionAsync(PublicId(ticket), ticket.AbsoluteExpiresAt, cancellationToken).AsTask();

    public async Task<SessionTicket?> RevokeAllAsync(string userId, SessionTicket? keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Every cookie issued up to now is refused; no such session lives past now + the absolute lifetime.
        await _revocations.RevokeUserAsync(userId, now, now + _options.Value.Sessions.AbsoluteTimeout, cancellationToken).ConfigureAwait(false);

        // The kept session gets a cookie issued just after the not-before time (one step of the format's clock:
        // 1 ms for AuthKit's format, 1 s for Unix-seconds formats). Its older copies (other tabs, a stolen
        // cookie) carry the old issue time and are refused.
        return keep is null ? null : keep with { IssuedAt = now + _format.IssuedAtPrecision };
    }

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotSupportedException("Stateless sessions are not recorded on the server, so they cannot be listed. Use database sessions (AddDatabaseSessions) for session lists.");

    public Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
        => throw new NotSupportedException("Stateless sessions are not recorded on the server, so one cannot be revoked by id from another device. Use RevokeAllAsync, or database sessions.");
}
