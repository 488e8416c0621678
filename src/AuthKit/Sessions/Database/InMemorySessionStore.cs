using System.Collections.Concurrent;

namespace AuthKit.Sessions.Database;

/// <summary>
/// A process-local <see cref="ISessionStore"/> for tests and single-process demos: sessions end when the
/// process does. Use <c>AuthKit.Sqlite</c> or <c>AuthKit.Redis</c> for anything that must survive a restart.
/// </summary>
internal sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<string, SessionRecord> _byHash = new(StringComparer.Ordinal);

    // Creation and eviction of one user's sessions happen together; nothing else needs the lock.
    private readonly Lock _create = new();

    /// <summary>Everything the store holds, for tests that inspect what is stored.</summary>
    internal IReadOnlyCollection<SessionRecord> Snapshot() => [.. _byHash.Values];

    public Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerUser, 1);
        lock (_create)
        {
            if (!_byHash.TryAdd(session.TokenHash, session))
            {
                throw new InvalidOperationException("A session with this token hash already exists.");
            }

            var evict = _byHash.Values
                .Where(s => s.UserId == session.UserId && s.TokenHash != session.TokenHash)
                .OrderByDescending(s => s.CreatedAt)
                .Skip(maxSessionsPerUser - 1);
            foreach (var old in evict)
            {
                _byHash.TryRemove(old.TokenHash, out _);
            }
        }

        return Task.CompletedTask;
    }

    public Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
        => Task.FromResult(_byHash.TryGetValue(tokenHash, out var session) ? session : null);

    public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
    {
        while (_byHash.TryGetValue(tokenHash, out var current))
        {
            var touched = current with
            {
                LastSeenAt = lastSeenAt,
                IdleExpiresAt = idleExpiresAt < current.AbsoluteExpiresAt ? idleExpiresAt : current.AbsoluteExpiresAt,
            };
            if (_byHash.TryUpdate(tokenHash, touched, current))
            {
                break;
            }
        }

        return Task.CompletedTask;
    }

    public Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
        => Task.FromResult(_byHash.TryRemove(tokenHash, out _));

    public Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        var match = _byHash.Values.FirstOrDefault(s => s.UserId == userId && s.Id == sessionId);
        return Task.FromResult(match is not null && _byHash.TryRemove(new KeyValuePair<string, SessionRecord>(match.TokenHash, match)));
    }

    public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
    {
        var deleted = 0;
        foreach (var session in _byHash.Values)
        {
            if (session.UserId == userId && session.TokenHash != exceptTokenHash && _byHash.TryRemove(session.TokenHash, out _))
            {
                deleted++;
            }
        }

        return Task.FromResult(deleted);
    }

    public Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        IReadOnlyList<SessionRecord> sessions = _byHash.Values
            .Where(s => s.UserId == userId && !s.IsExpired(now))
            .OrderByDescending(s => s.CreatedAt)
            .Take(limit)
            .ToList();
        return Task.FromResult(sessions);
    }

    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var purged = 0;
        foreach (var session in _byHash.Values)
        {
            if (session.IsExpired(now) && _byHash.TryRemove(new KeyValuePair<string, SessionRecord>(session.TokenHash, session)))
            {
                purged++;
            }
        }

        return Task.FromResult(purged);
    }
}
