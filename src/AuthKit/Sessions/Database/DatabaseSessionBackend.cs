using System.Buffers.Text;
using System.Security.Cryptography;
using AuthKit.Sessions.Cookies;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions.Database;

/// <summary>
/// Database sessions: the store is the authority. The cookie carries the secret token sealed together with the
/// user id, roles and expiry (so route policies can check optimistically without I/O); the store keeps only the
/// token's SHA-256.
/// </summary>
internal sealed class DatabaseSessionBackend : ISessionBackend
{
    // 256-bit tokens from the CSPRNG (ASVS 7.2.3 asks for at least 128 bits of entropy).
    private const int TokenSize = 32;

    // The public id is a prefix of the token hash: stable, unguessable, and useless for forging a token.
    private const int PublicIdSize = 12;

    private readonly ISessionStore _store;
    private readonly IOptions<AuthKitOptions> _options;

    public DatabaseSessionBackend(ISessionStore store, IOptions<AuthKitOptions> options)
    {
        _store = store;
        _options = options;
    }

    public SessionKind Kind => SessionKind.Database;

    /// <summary>The purpose bound into database-session cookies.</summary>
    public const string SealPurpose = "database-session-v1";

    public byte[] NewReference() => RandomNumberGenerator.GetBytes(TokenSize);

    public string PublicId(SessionCookiePayload session) => session.PublicIdCache ??= Base64Url.EncodeToString(TokenHash(session).AsSpan(0, PublicIdSize));

    public async Task StoreAsync(SessionCookiePayload session, SessionClientInfo client, CancellationToken cancellationToken)
    {
        // The store evicts the user's oldest sessions beyond the limit in the same step, so no sign-in flood, however
        // concurrent, leaves a user with an unbounded set of sessions to list, index and revoke.
        var record = Record(session, session.IssuedAt, session.IssuedAt, client.UserAgent, client.IpAddress);
        await _store.CreateAsync(record, _options.Value.Sessions.MaxSessionsPerUser, cancellationToken).ConfigureAwait(false);
    }

    private static SessionRecord Record(SessionCookiePayload session, DateTimeOffset createdAt, DateTimeOffset lastSeenAt, string? userAgent, string? clientIp)
    {
        var hash = TokenHash(session);
        return new SessionRecord(
            Base64Url.EncodeToString(hash),
            Base64Url.EncodeToString(hash.AsSpan(0, PublicIdSize)),
            session.UserId,
            session.Roles,
            createdAt,
            lastSeenAt,
            session.IdleExpiresAt,
            session.AbsoluteExpiresAt,
            userAgent,
            clientIp,
            session.Values);
    }

    public async ValueTask<SessionCookiePayload?> ValidateAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = await _store.FindAsync(Base64Url.EncodeToString(TokenHash(session)), cancellationToken).ConfigureAwait(false);
        if (record is null || record.UserId != session.UserId || record.IsExpired(now))
        {
            return null;
        }

        // The store is the authority for everything it records; the cookie only told us where to look.
        return session.With(roles: record.Roles, values: record.Values, idleExpiresAt: record.IdleExpiresAt, absoluteExpiresAt: record.AbsoluteExpiresAt);
    }

    public Task TouchAsync(SessionCookiePayload renewed, DateTimeOffset now, CancellationToken cancellationToken)
        => _store.TouchAsync(Base64Url.EncodeToString(TokenHash(renewed)), now, renewed.IdleExpiresAt, cancellationToken);

    public Task RevokeAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
        => _store.DeleteAsync(Base64Url.EncodeToString(TokenHash(session)), cancellationToken);

    public async Task<SessionCookiePayload?> RevokeAllAsync(string userId, SessionCookiePayload? keep, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (keep is null)
        {
            await _store.DeleteAllAsync(userId, null, cancellationToken).ConfigureAwait(false);
            return null;
        }

        // The kept session goes on under a new token (same sign-in, lifetimes and device), so a copy of its old cookie,
        // taken before a password change or before the user signed the others out, dies with the others.
        // New row first, then everything else: a failure half-way leaves the old session working, never none.
        var old = await _store.FindAsync(Base64Url.EncodeToString(TokenHash(keep)), cancellationToken).ConfigureAwait(false);
        if (old is null)
        {
            // Ended meanwhile (revoked from another device): nothing to keep.
            await _store.DeleteAllAsync(userId, null, cancellationToken).ConfigureAwait(false);
            return null;
        }

        var rotated = keep.With(reference: NewReference());
        var record = Record(rotated, old.CreatedAt, now, old.UserAgent, old.ClientIp);
        await _store.CreateAsync(record, _options.Value.Sessions.MaxSessionsPerUser, cancellationToken).ConfigureAwait(false);
        await _store.DeleteAllAsync(userId, record.TokenHash, cancellationToken).ConfigureAwait(false);
        return rotated;
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sessions = await _store.ListAsync(userId, now, _options.Value.Sessions.MaxSessionsPerUser, cancellationToken).ConfigureAwait(false);
        return sessions
            .Select(s => new SessionInfo(s.Id, s.CreatedAt, s.LastSeenAt, s.IdleExpiresAt, s.AbsoluteExpiresAt, s.UserAgent, s.ClientIp))
            .ToList();
    }

    public Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
        => _store.DeleteByIdAsync(userId, sessionId, cancellationToken);

    // Once per session per request: the lookup key and the public id both come from it.
    private static byte[] TokenHash(SessionCookiePayload session) => session.ReferenceHashCache ??= SHA256.HashData(session.Reference.Span);
}
