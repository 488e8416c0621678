using System.Globalization;
using AuthKit.Credentials.Throttling;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// Sign-in throttle counters on Redis, so the limits hold across instances. A counter is a hash (<c>f</c> count,
/// <c>l</c> last attempt, <c>x</c> expiry, as Unix milliseconds) with a TTL a little past its expiry; a Lua script
/// compares and replaces it atomically.
/// </summary>
internal sealed class RedisThrottleStore : IThrottleStore
{
    // KEYS: counter. ARGV: expected count ('' for none), expected last ms, next count, next last ms ('' for none),
    // expires ms, now ms, ttl ms. A counter past its expiry counts as none.
    private const string ReplaceScript = """
        local current = redis.call('HMGET', KEYS[1], 'f', 'l', 'x')
        local live = current[1] and current[3] and tonumber(current[3]) > tonumber(ARGV[6])
        if ARGV[1] == '' then
          if live then return 0 end
        elseif not live or current[1] ~= ARGV[1] or (current[2] or '') ~= ARGV[2] then
          return 0
        end
        redis.call('HSET', KEYS[1], 'f', ARGV[3], 'l', ARGV[4], 'x', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[7])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisThrottleStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public async ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken)
    {
        var fields = await _redis.RunAsync("read throttle counter", db => db.HashGetAsync(Key(key), ["f", "l", "x"]), cancellationToken).ConfigureAwait(false);
        if (fields is not [{ HasValue: true } count, var last, { HasValue: true } expiresAt]
            || Parse(expiresAt) <= _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return ThrottleCounter.None;
        }

        return new ThrottleCounter(
            (int)Parse(count),
            last.HasValue && !last.IsNullOrEmpty ? DateTimeOffset.FromUnixTimeMilliseconds(Parse(last)) : null);
    }

    public async ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var ttl = (long)((expiresAt > now ? expiresAt - now : TimeSpan.Zero) + _redis.Options.ExpiryMargin).TotalMilliseconds;
        var none = expected == ThrottleCounter.None;
        var replaced = await _redis.RunAsync(
            "replace throttle counter",
            db => db.ScriptEvaluateAsync(
                ReplaceScript,
                [Key(key)],
                [
                    none ? string.Empty : expected.Count,
                    none ? string.Empty : Milliseconds(expected.LastAt),
                    next.Count,
                    Milliseconds(next.LastAt),
                    expiresAt.ToUnixTimeMilliseconds(),
                    now.ToUnixTimeMilliseconds(),
                    Math.Max(1000, ttl),
                ]),
            cancellationToken).ConfigureAwait(false);
        return (int)replaced == 1;
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken)
        => await _redis.RunAsync("reset throttle counter", db => db.KeyDeleteAsync(Key(key)), cancellationToken).ConfigureAwait(false);

    private RedisKey Key(string key) => _redis.Key("throttle:") + key;

    private static RedisValue Milliseconds(DateTimeOffset? instant) => instant is { } at ? at.ToUnixTimeMilliseconds() : string.Empty;

    private static long Parse(RedisValue value) => long.Parse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
