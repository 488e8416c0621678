using System.Collections.Concurrent;

namespace AuthKit.Tokens;

/// <summary>
/// The default token store: process memory. Tokens do not survive a restart and are not shared between instances;
/// use <c>UseSqlite(…)</c> or <c>UseRedis(…)</c> for that.
/// </summary>
internal sealed class InMemoryOneTimeTokenStore : IOneTimeTokenStore
{
    private const int SweepEvery = 256;

    private readonly ConcurrentDictionary<string, OneTimeToken> _tokens = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private int _writes;

    public InMemoryOneTimeTokenStore(TimeProvider time)
    {
        _time = time;
    }

    public Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        _tokens[Convert.ToHexString(token.Hash)] = token;
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            var now = _time.GetUtcNow();
            foreach (var entry in _tokens)
            {
                if (entry.Value.ExpiresAt <= now)
                {
                    _tokens.TryRemove(entry);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = Convert.ToHexString(hash);
        if (!_tokens.TryGetValue(key, out var token)
            || token.Purpose != purpose
            || (userId is not null && token.UserId != userId))
        {
            return Task.FromResult<OneTimeToken?>(null);
        }

        // Removing exactly this entry is the atomic step: of concurrent callers, one removes it and the rest find it gone.
        var removed = _tokens.TryRemove(new KeyValuePair<string, OneTimeToken>(key, token));
        return Task.FromResult(removed && token.ExpiresAt > now ? token : null);
    }

    public Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken)
    {
        foreach (var entry in _tokens)
        {
            if (entry.Value.UserId == userId && entry.Value.Purpose == purpose)
            {
                _tokens.TryRemove(entry);
            }
        }

        return Task.CompletedTask;
    }
}
