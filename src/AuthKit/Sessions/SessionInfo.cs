namespace AuthKit.Sessions;

/// <summary>A session as a session list shows it (ASVS 7.5.2).</summary>
/// <param name="Id">The session's public id.</param>
/// <param name="CreatedAt">When the session was created (the sign-in).</param>
/// <param name="LastSeenAt">When the session was last renewed (written at most once per half idle window).</param>
/// <param name="IdleExpiresAt">When the session ends unless used.</param>
/// <param name="AbsoluteExpiresAt">When the session ends regardless.</param>
/// <param name="UserAgent">The user agent that signed in, if known.</param>
/// <param name="ClientIp">The client address as ASP.NET saw it, if known.</param>
public sealed record SessionInfo(
    string Id,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    string? UserAgent,
    string? ClientIp);
