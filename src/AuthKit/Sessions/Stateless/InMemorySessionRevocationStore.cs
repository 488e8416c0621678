using System.Collections.Concurrent;

namespace AuthKit.Sessions.Stateless;

/// <summary>
/// A process-local <see cref="ISessionRevocationStore"/>. Entries are dropped when they expire (checked on read,
/// swept every so many writes), so memory follows the number of recent sign-outs.
/// </summary>
internal sealed class InMemorySessionRevocationStore : ISessionRevocationStore
{
    private const int SweepEvery = 256;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _sessions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (DateTimeOffset NotBefore, DateTimeOffset ExpiresAt)> _users = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _writes;

    public InMemorySessionRevocationStore(TimeProvider time)
    {
        _time = time;
    }

    internal int Count => _sessions.Count + _users.Count;

    public ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _sessions.AddOrUpdate(sessionId, static (_, expiresAt) => expiresAt, static (_, current, expiresAt) => Max(current, expiresAt), expiresAt);
        AfterWrite();
        return ValueTask.CompletedTask;
    }

    public ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        _users.AddOrUpdate(
            userId,
            static (_, entry) => entry,
            static (_, current, entry) => (Max(current.NotBefore, entry.NotBefore), Max(current.ExpiresAt, entry.ExpiresAt)),
            (NotBefore: notBefore, ExpiresAt: expiresAt));
        AfterWrite();
        return ValueTask.CompletedTask;
    }

    public ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var revoked = (_sessions.TryGetValue(sessionId, out var until) && until > now)
            || (_users.TryGetValue(userId, out var user) && user.ExpiresAt > now && issuedAt <= user.NotBefore);
        return ValueTask.FromResult(revoked);
    }

    private void AfterWrite()
    {
        if (Interlocked.Increment(ref _writes) % SweepEvery != 0)
        {
            return;
        }

        var now = _time.GetUtcNow();
        foreach (var pair in _sessions)
        {
            if (pair.Value <= now)
            {
                _sessions.TryRemove(pair);
            }
        }

        foreach (var pair in _users)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _users.TryRemove(pair);
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
