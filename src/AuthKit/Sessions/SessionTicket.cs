using System.Runtime.InteropServices;
using AuthKit.Sessions.Stateless;

namespace AuthKit.Sessions;

/// <summary>
/// What a session cookie carries once opened: the session reference (a random id for stateless sessions, the
/// secret token for database sessions), the user, roles, times and the app's values.
/// </summary>
internal sealed record SessionTicket(
    byte[] Reference,
    string UserId,
    IReadOnlyList<string> Roles,
    DateTimeOffset IssuedAt,
    DateTimeOffset IdleExpiresAt,
    DateTimeOffset AbsoluteExpiresAt,
    IReadOnlyDictionary<string, string> Values)
{
    public static readonly IReadOnlyDictionary<string, string> NoValues = new Dictionary<string, string>(0);

    /// <summary>
    /// The copy a <c>with</c> expression makes: the data and the format's state, not the caches, which describe
    /// the original (a renewed ticket has other expiry times than the session built from the original).
    /// </summary>
    private SessionTicket(SessionTicket original)
    {
        Reference = original.Reference;
        UserId = original.UserId;
        Roles = original.Roles;
        IssuedAt = original.IssuedAt;
        IdleExpiresAt = original.IdleExpiresAt;
        AbsoluteExpiresAt = original.AbsoluteExpiresAt;
        Values = original.Values;
        FormatState = original.FormatState;
    }

    /// <summary>Gets the earlier of the idle and absolute expiry.</summary>
    public DateTimeOffset ExpiresAt => IdleExpiresAt < AbsoluteExpiresAt ? IdleExpiresAt : AbsoluteExpiresAt;

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;

    /// <summary>Gets what a foreign cookie format carries from open to re-seal (see <see cref="StatelessSessionPayload.FormatState"/>).</summary>
    public object? FormatState { get; init; }

    /// <summary>Gets or sets the backend's public id of this session, computed once per request (the revocation check and the session both need it).</summary>
    public string? PublicIdCache { get; set; }

    /// <summary>Gets or sets the public view of this ticket, built on first request (an authenticated request that only needs the principal never builds it).</summary>
    public AuthSession? SessionCache { get; set; }

    // Opened on every request: reuse the id's array when the payload owns all of it (payloads are immutable).
    public static SessionTicket FromPayload(StatelessSessionPayload payload) => new(
        MemoryMarshal.TryGetArray(payload.SessionId, out var id) && id.Offset == 0 && id.Count == id.Array!.Length ? id.Array : payload.SessionId.ToArray(),
        payload.UserId, payload.Roles, payload.IssuedAt, payload.IdleExpiresAt, payload.AbsoluteExpiresAt, payload.Values)
    {
        FormatState = payload.FormatState,
    };

    public StatelessSessionPayload ToPayload() => new(Reference, UserId, Roles, IssuedAt, IdleExpiresAt, AbsoluteExpiresAt, Values, FormatState);
}
