namespace AuthKit.Sessions.Database;

/// <summary>
/// A database session as a <see cref="ISessionStore"/> keeps it. The secret token itself is never stored:
/// only its SHA-256 (<see cref="TokenHash"/>), so a leaked table reveals no usable session (ASVS 7.2.3).
/// </summary>
/// <param name="TokenHash">Base64url SHA-256 of the session token: the lookup key.</param>
/// <param name="Id">The public id (shown in session lists, used to revoke one session).</param>
/// <param name="UserId">The user.</param>
/// <param name="Roles">The user's roles when the session was created.</param>
/// <param name="CreatedAt">When the session was created (the sign-in).</param>
/// <param name="LastSeenAt">When the session was last renewed.</param>
/// <param name="IdleExpiresAt">When the session ends unless used.</param>
/// <param name="AbsoluteExpiresAt">When the session ends regardless.</param>
/// <param name="UserAgent">The user agent that signed in, if known.</param>
/// <param name="ClientIp">The client address as ASP.NET saw it, if known.</param>
/// <param name="Values">The application's values.</param>
public sealed record SessionRecord(
    string TokenHash,
    string Id,
    string UserId,
    IReadOnlyList<string> Roles,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    string? UserAgent,
    string? ClientIp,
    IReadOnlyDictionary<string, string> Values)
{
    /// <summary>Gets the earlier of the idle and absolute expiry.</summary>
    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    /// <summary>Returns whether the session has ended at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when expired.</returns>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}
