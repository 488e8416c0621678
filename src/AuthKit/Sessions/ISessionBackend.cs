namespace AuthKit.Sessions;

/// <summary>
/// What differs between the two kinds behind <see cref="SessionManager"/>: how a session is recorded,
/// verified against its authority, renewed and revoked. Cookies, sealing and expiry are shared.
/// </summary>
internal interface ISessionBackend
{
    SessionKind Kind { get; }

    /// <summary>Gets the purpose bound into the sealed cookie, so one kind's cookie never opens as the other's.</summary>
    string Purpose { get; }

    /// <summary>A fresh session reference from the CSPRNG.</summary>
    byte[] NewReference();

    /// <summary>The public id of a session (never the secret token).</summary>
    string PublicId(SessionTicket ticket);

    Task StoreAsync(SessionTicket ticket, SessionClientInfo client, CancellationToken cancellationToken);

    /// <summary>The secure check of an unexpired ticket; <see langword="null"/> when the authority says it has ended.</summary>
    ValueTask<SessionTicket?> ValidateAsync(SessionTicket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Records a renewal (the new idle expiry and last-seen time).</summary>
    Task TouchAsync(SessionTicket renewed, DateTimeOffset now, CancellationToken cancellationToken);

    Task RevokeAsync(SessionTicket ticket, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Revokes every session of the user except <paramref name="keep"/>; returns the ticket to re-issue for it, if any.</summary>
    Task<SessionTicket?> RevokeAllAsync(string userId, SessionTicket? keep, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>The client a session was created for, as ASP.NET saw it (never from spoofable headers unless the app trusts a proxy).</summary>
internal readonly record struct SessionClientInfo(string? UserAgent, string? IpAddress);
