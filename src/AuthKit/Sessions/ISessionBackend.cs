using AuthKit.Sessions.Cookies;

namespace AuthKit.Sessions;

/// <summary>
/// What differs between the two kinds of session: how a session is recorded, verified against its authority, renewed
/// and revoked. Cookies, sealing, expiry and renewal policy are shared (see <see cref="SessionCheck"/>).
/// </summary>
internal interface ISessionBackend
{
    SessionKind Kind { get; }

    /// <summary>A fresh session reference from the CSPRNG.</summary>
    byte[] NewReference();

    /// <summary>The public id of a session (never the secret token).</summary>
    string PublicId(SessionCookiePayload session);

    Task StoreAsync(SessionCookiePayload session, SessionClientInfo client, CancellationToken cancellationToken);

    /// <summary>The secure check of an unexpired session; <see langword="null"/> when the authority says it has ended.</summary>
    ValueTask<SessionCookiePayload?> ValidateAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a renewal (the new idle expiry and last-seen time).</summary>
    Task TouchAsync(SessionCookiePayload renewed, DateTimeOffset now, CancellationToken cancellationToken);

    Task RevokeAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every session of the user except <paramref name="keep"/>; returns the session to re-issue for it, if any.</summary>
    Task<SessionCookiePayload?> RevokeAllAsync(string userId, SessionCookiePayload? keep, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The client a session was created for, as ASP.NET saw it (never from spoofable headers unless the app trusts a proxy).</summary>
internal readonly record struct SessionClientInfo(string? UserAgent, string? IpAddress);
