namespace AuthKit.EntityFrameworkCore;

// AuthKit's own rows. Times are Unix milliseconds (every provider compares and orders them the same way; SQLite cannot
// compare DateTimeOffset in queries). Public so an app's migrations can see them; apps never use them directly.

/// <summary>A database session (only the SHA-256 of its token is stored).</summary>
public sealed class AuthKitSessionRow
{
    /// <summary>Gets or sets the token hash.</summary>
    public string TokenHash { get; set; } = null!;

    /// <summary>Gets or sets the id.</summary>
    public string Id { get; set; } = null!;

    /// <summary>Gets or sets the user id.</summary>
    public string UserId { get; set; } = null!;

    /// <summary>Gets or sets the roles.</summary>
    public string Roles { get; set; } = string.Empty;

    /// <summary>Gets or sets the created at (Unix milliseconds).</summary>
    public long CreatedAt { get; set; }

    /// <summary>Gets or sets the last seen at (Unix milliseconds).</summary>
    public long LastSeenAt { get; set; }

    /// <summary>Gets or sets the idle expires at (Unix milliseconds).</summary>
    public long IdleExpiresAt { get; set; }

    /// <summary>Gets or sets the absolute expires at (Unix milliseconds).</summary>
    public long AbsoluteExpiresAt { get; set; }

    /// <summary>Gets or sets the user agent.</summary>
    public string? UserAgent { get; set; }

    /// <summary>Gets or sets the client ip.</summary>
    public string? ClientIp { get; set; }

    /// <summary>Gets or sets the values.</summary>
    public string Values { get; set; } = "{}";
}

/// <summary>A revoked stateless session, until its cookie would have expired anyway.</summary>
public sealed class AuthKitRevokedSessionRow
{
    /// <summary>Gets or sets the session id.</summary>
    public string SessionId { get; set; } = null!;

    /// <summary>Gets or sets the expires at (Unix milliseconds).</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>A user whose stateless sessions issued before <see cref="NotBefore"/> are revoked.</summary>
public sealed class AuthKitRevokedUserRow
{
    /// <summary>Gets or sets the user id.</summary>
    public string UserId { get; set; } = null!;

    /// <summary>Gets or sets the not before (Unix milliseconds).</summary>
    public long NotBefore { get; set; }

    /// <summary>Gets or sets the expires at (Unix milliseconds).</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>A throttle counter.</summary>
public sealed class AuthKitThrottleRow
{
    /// <summary>Gets or sets the key.</summary>
    public string Key { get; set; } = null!;

    /// <summary>Gets or sets the count.</summary>
    public int Count { get; set; }

    /// <summary>Gets or sets the last at (Unix milliseconds).</summary>
    public long? LastAt { get; set; }

    /// <summary>Gets or sets the expires at (Unix milliseconds).</summary>
    public long ExpiresAt { get; set; }
}

/// <summary>A one-time token (only its SHA-256 is stored).</summary>
public sealed class AuthKitTokenRow
{
    /// <summary>Gets or sets the token hash.</summary>
    public string TokenHash { get; set; } = null!;

    /// <summary>Gets or sets the purpose.</summary>
    public string Purpose { get; set; } = null!;

    /// <summary>Gets or sets the user id.</summary>
    public string? UserId { get; set; }

    /// <summary>Gets or sets the email.</summary>
    public string? Email { get; set; }

    /// <summary>Gets or sets the data.</summary>
    public string? Data { get; set; }

    /// <summary>Gets or sets the expires at (Unix milliseconds).</summary>
    public long ExpiresAt { get; set; }
}
