namespace AuthKit.Sessions.Cookies;

/// <summary>
/// What a session cookie carries once opened: the session's reference, the user, roles, times and the app's values.
/// An <see cref="ISessionCookieFormat"/> seals and opens it; AuthKit checks its expiry, renews and revokes it.
/// </summary>
public sealed class SessionCookiePayload
{
    /// <summary>Initialises a payload.</summary>
    /// <param name="reference">
    /// What the session is known by: for a stateless session its 16-byte id (not a secret: the seal authenticates, the id
    /// only identifies); for a database session the 32-byte secret token, whose SHA-256 the store keeps. Formats that
    /// cannot store one derive a stable id from the token, for example a hash of its authenticated part, so the
    /// revocation list still applies.
    /// </param>
    /// <param name="userId">The user's identifier.</param>
    /// <param name="roles">The user's roles.</param>
    /// <param name="issuedAt">When this cookie was issued.</param>
    /// <param name="idleExpiresAt">When the session ends unless it is used.</param>
    /// <param name="absoluteExpiresAt">When the session ends regardless of use (the sign-in plus the absolute lifetime).</param>
    /// <param name="values">The application's values.</param>
    /// <param name="formatState">State only the format understands (for example the foreign payload's other fields), carried from open to re-seal.</param>
    public SessionCookiePayload(
        ReadOnlyMemory<byte> reference,
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
        Reference = reference;
        UserId = userId;
        Roles = roles;
        IssuedAt = issuedAt;
        IdleExpiresAt = idleExpiresAt;
        AbsoluteExpiresAt = absoluteExpiresAt;
        Values = values;
        FormatState = formatState;
    }

    /// <summary>Gets what the session is known by: a stateless session's id, or a database session's secret token. Never log it.</summary>
    public ReadOnlyMemory<byte> Reference { get; }

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

    /// <summary>Gets state only the format understands, carried unchanged from <see cref="ISessionCookieFormat.TryOpen"/> to the next seal.</summary>
    public object? FormatState { get; }

    /// <summary>Gets the earlier of the idle and absolute expiry.</summary>
    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    /// <summary>Gets or sets the session's public id, computed once per request (the revocation check and the session both need it).</summary>
    internal string? PublicIdCache { get; set; }

    /// <summary>Gets or sets the SHA-256 of <see cref="Reference"/>, computed once per request (database sessions look it up and derive their public id from it).</summary>
    internal byte[]? ReferenceHashCache { get; set; }

    /// <summary>Gets or sets the public view of this payload, built on first request (a request that only needs the principal never builds it).</summary>
    internal AuthSession? SessionCache { get; set; }

    internal static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>(0);

    /// <summary>Returns whether the session has ended at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <returns><see langword="true"/> when expired.</returns>
    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>
    /// A copy with some fields replaced. What is derived from the reference (its hash, the public id) carries over while
    /// the reference stays; the public view (<see cref="SessionCache"/>) never does, since it shows the other fields too.
    /// </summary>
    internal SessionCookiePayload With(
        ReadOnlyMemory<byte>? reference = null,
        IReadOnlyList<string>? roles = null,
        DateTimeOffset? issuedAt = null,
        DateTimeOffset? idleExpiresAt = null,
        DateTimeOffset? absoluteExpiresAt = null,
        IReadOnlyDictionary<string, string>? values = null)
        => new(
            reference ?? Reference,
            UserId,
            roles ?? Roles,
            issuedAt ?? IssuedAt,
            idleExpiresAt ?? IdleExpiresAt,
            absoluteExpiresAt ?? AbsoluteExpiresAt,
            values ?? Values,
            FormatState)
        {
            PublicIdCache = reference is null ? PublicIdCache : null,
            ReferenceHashCache = reference is null ? ReferenceHashCache : null,
        };
}
