using System.Collections.Concurrent;

namespace AuthKit.Credentials.Throttling;

/// <summary>
/// A process-local <see cref="IThrottleStore"/>. Expired counters are dropped when read and swept
/// from time to time, so the dictionary stays as small as the set of recently failing keys.
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

    public ValueTask<ThrottleCounter> RecordFailureAsync(string key, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var updated = _entries.AddOrUpdate(
            key,
            static (_, state) => new Entry(new ThrottleCounter(1, state.now), state.now + state.expiry),
            static (_, current, state) => current.ExpiresAt > state.now
                ? new Entry(new ThrottleCounter(current.Counter.Failures + 1, state.now), state.now + state.expiry)
                : new Entry(new ThrottleCounter(1, state.now), state.now + state.expiry),
            (now, expiry));

        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            Sweep(now);
        }

        return ValueTask.FromResult(updated.Counter);
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
