using System.Collections.Concurrent;

namespace AuthKit.Credentials.Throttling;

/// <summary>
/// A process-local <see cref="IThrottleStore"/>. Expired counters are dropped when read and swept from time to time,
/// so the dictionary stays as small as the set of recently active keys. Counters end when the process does.
/// </summary>
internal sealed class InMemoryThrottleStore : IThrottleStore
{
    private const int SweepEvery = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _writes;

    public InMemoryThrottleStore(TimeProvider time)
    {
        _time = time;
    }

    internal int Count => _entries.Count;

    public ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(key, out var entry))
        {
            if (entry.ExpiresAt > _time.GetUtcNow())
            {
                return ValueTask.FromResult(entry.Counter);
            }

            _entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
        }

        return ValueTask.FromResult(ThrottleCounter.None);
    }

    public ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var replacement = new Entry(next, expiresAt);
        bool replaced;
        if (!_entries.TryGetValue(key, out var current))
        {
            replaced = expected == ThrottleCounter.None && _entries.TryAdd(key, replacement);
        }
        else
        {
            var live = current.ExpiresAt > now;
            replaced = (live ? current.Counter == expected : expected == ThrottleCounter.None) && _entries.TryUpdate(key, replacement, current);
        }

        if (replaced && Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            Sweep(now);
        }

        return ValueTask.FromResult(replaced);
    }

    public ValueTask ResetAsync(string key, CancellationToken cancellationToken)
    {
        _entries.TryRemove(key, out _);
        return ValueTask.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (var pair in _entries)
        {
            if (pair.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(pair);
            }
        }
    }

    private readonly record struct Entry(ThrottleCounter Counter, DateTimeOffset ExpiresAt);
}
