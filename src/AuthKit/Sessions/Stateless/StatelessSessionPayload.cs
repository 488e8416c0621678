namespace AuthKit.Sessions.Stateless;

/// <summary>What a stateless session cookie carries, as an <see cref="IStatelessSessionFormat"/> seals and opens it.</summary>
public sealed class StatelessSessionPayload
{
    /// <summary>Initialises a payload.</summary>
    /// <param name="sessionId">
    /// The session's identifier (16 bytes for AuthKit's sessions). Formats that cannot store it derive a stable one
    /// from the token, for example a hash of its authenticated part, so the revocation list still applies.
    /// </param>
    /// <param name="userId">The user's identifier.</param>
    /// <param name="roles">The user's roles.</param>
    /// <param name="issuedAt">When this cookie was issued.</param>
    /// <param name="idleExpiresAt">When the session ends unless it is used.</param>
    /// <param name="absoluteExpiresAt">When the session ends regardless of use.</param>
    /// <param name="values">The application's values.</param>
    /// <param name="formatState">State only the format understands (for example the foreign payload's other fields), carried from open to re-seal.</param>
    public StatelessSessionPayload(
        ReadOnlyMemory<byte> sessionId,
        string userId,
        IReadOnlyList<string> roles,
        DateTimeOffset issuedAt,
        DateTimeOffset idleExpiresAt,
        DateTimeOffset absoluteExpiresAt,
        IReadOnlyDictionary<string, string> values,
        object? formatState = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(roles);
        ArgumentNullException.ThrowIfNull(values);
        SessionId = sessionId;
        UserId = userId;
        Roles = roles;
        IssuedAt = issuedAt;
        IdleExpiresAt = idleExpiresAt;
        AbsoluteExpiresAt = absoluteExpiresAt;
        Values = values;
        FormatState = formatState;
    }

    /// <summary>Gets the session's identifier (not a secret: the seal authenticates, the id only identifies).</summary>
    public ReadOnlyMemory<byte> SessionId { get; }

    /// <summary>Gets the user's identifier.</summary>
    public string UserId { get; }

    /// <summary>Gets the user's roles.</summary>
    public IReadOnlyList<string> Roles { get; }

    /// <summary>Gets when this cookie was issued.</summary>
    public DateTimeOffset IssuedAt { get; }

    /// <summary>Gets when the session ends unless it is used (sliding).</summary>
    public DateTimeOffset IdleExpiresAt { get; }

    /// <summary>Gets when the session ends regardless of activity.</summary>
    public DateTimeOffset AbsoluteExpiresAt { get; }

    /// <summary>Gets the application's values.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    /// <summary>Gets state only the format understands, carried unchanged from <see cref="IStatelessSessionFormat.TryOpen"/> to the next seal.</summary>
    public object? FormatState { get; }
}
