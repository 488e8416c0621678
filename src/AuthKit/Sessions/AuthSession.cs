namespace AuthKit.Sessions;

/// <summary>A verified session, as the secure check (<see cref="ISessionManager.GetAsync"/>) or the optimistic check sees it.</summary>
public sealed class AuthSession
{
    /// <summary>Initialises a session.</summary>
    /// <param name="id">The session's public identifier (never the secret token).</param>
    /// <param name="kind">The kind of session.</param>
    /// <param name="userId">The user's identifier.</param>
    /// <param name="roles">The user's roles when the session was created.</param>
    /// <param name="issuedAt">When the session (or its current cookie, after a re-issue) was issued.</param>
    /// <param name="idleExpiresAt">When the session ends unless it is used.</param>
    /// <param name="absoluteExpiresAt">When the session ends regardless of use.</param>
    /// <param name="values">The application's values stored with the session.</param>
    public AuthSession(
        string id,
        SessionKind kind,
        string userId,
        IReadOnlyList<string> roles,
        DateTimeOffset issuedAt,
        DateTimeOffset idleExpiresAt,
        DateTimeOffset absoluteExpiresAt,
        IReadOnlyDictionary<string, string> values)
    {
        Id = id;
        Kind = kind;
        UserId = userId;
        Roles = roles;
        IssuedAt = issuedAt;
        IdleExpiresAt = idleExpiresAt;
        AbsoluteExpiresAt = absoluteExpiresAt;
        Values = values;
    }

    /// <summary>Gets the session's public identifier; safe to show and to use for revoking (never the secret token).</summary>
    public string Id { get; }

    /// <summary>Gets the kind of session.</summary>
    public SessionKind Kind { get; }

    /// <summary>Gets the user's identifier.</summary>
    public string UserId { get; }

    /// <summary>Gets the user's roles as recorded in the session.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Gets when the session's current cookie was issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Gets when the session ends unless it is used again (sliding).</summary>
    public DateTimeOffset IdleExpiresAt { get; }

    /// <summary>Gets when the session ends regardless of activity.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; }

    /// <summary>Gets the earlier of <see cref="IdleExpiresAt"/> and <see cref="AbsoluteExpiresAt"/>.</summary>
    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    /// <summary>Gets the application's values stored with the session.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Returns whether the session records the role (ordinal comparison).</summary>
    /// <param name="role">The role.</param>
    /// <returns><see langword="true"/> when the session has the role.</returns>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);
}
