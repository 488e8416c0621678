namespace AuthKit.Sessions.Database;

/// <summary>
/// Where database sessions live. Implementations: in-memory (this package), SQLite (<c>AuthKit.Sqlite</c>),
/// Redis (<c>AuthKit.Redis</c>); all pass one conformance suite. Methods that depend on the time take it as an
/// argument, so the caller's clock is the only clock.
/// </summary>
/// <remarks>
/// Implementations must be thread-safe, must keep every created session until it expires or is deleted (across
/// restarts, for durable stores), and must throw rather than answer wrongly when they cannot reach their data:
/// AuthKit turns a throwing store into "deny" (HTTP 503), never into "allow".
/// </remarks>
public interface ISessionStore
{
    /// <summary>
    /// Stores a new session and, when its user then holds more than <paramref name="maxSessionsPerUser"/> sessions,
    /// deletes the oldest (by <see cref="SessionRecord.CreatedAt"/>) until that many remain. The new session is never the
    /// one deleted. Concurrent creations for one user must still leave at most <paramref name="maxSessionsPerUser"/>.
    /// </summary>
    /// <param name="session">The session.</param>
    /// <param name="maxSessionsPerUser">The most sessions the user may hold (at least 1).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the session is durable.</returns>
    Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken);

    /// <summary>Finds a session by token hash, expired or not (the caller checks expiry).</summary>
    /// <param name="tokenHash">The token hash.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session, or <see langword="null"/>.</returns>
    Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Records a renewal: a new last-seen time and idle expiry (never past the absolute expiry).</summary>
    /// <param name="tokenHash">The token hash.</param>
    /// <param name="lastSeenAt">The renewal time.</param>
    /// <param name="idleExpiresAt">The new idle expiry.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the renewal is stored.</returns>
    Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken);

    /// <summary>Deletes one session by token hash.</summary>
    /// <param name="tokenHash">The token hash.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a session was deleted.</returns>
    Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken);

    /// <summary>Deletes one session of a user by its public id.</summary>
    /// <param name="userId">The user who must own the session.</param>
    /// <param name="sessionId">The public id.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a session of that user was deleted.</returns>
    Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken);

    /// <summary>Deletes every session of a user, optionally except one.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="exceptTokenHash">The token hash of a session to keep, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of sessions deleted.</returns>
    Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken);

    /// <summary>Lists a user's unexpired sessions, newest first, at most <paramref name="limit"/> of them.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="now">The current time; sessions expired at it are left out.</param>
    /// <param name="limit">The most sessions to return (the newest).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The sessions.</returns>
    Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Deletes every session expired at <paramref name="now"/>.</summary>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The number of sessions deleted.</returns>
    Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken);
}
