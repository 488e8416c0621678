using System.Globalization;
using AuthKit.Credentials.Throttling;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// Sign-in failure counters on Redis, so guessing limits hold across instances. A counter is a hash
/// (<c>f</c> failures, <c>l</c> last failure, <c>x</c> expiry, as Unix milliseconds); a Lua script increments it
/// atomically and renews its TTL.
/// </summary>
internal sealed class RedisThrottleStore : IThrottleStore
{
    // KEYS: counter. ARGV: now ms, expires ms, ttl ms. A counter past its expiry starts again at one.
    private const string RecordFailureScript = """
        local current = redis.call('HMGET', KEYS[1], 'f', 'x')
        local failures = 1
        if current[1] and current[2] and tonumber(current[2]) > tonumber(ARGV[1]) then
          failures = tonumber(current[1]) + 1
        end
        redis.call('HSET', KEYS[1], 'f', failures, 'l', ARGV[1], 'x', ARGV[2])
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        return failures
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
        if (fields is not [{ HasValue: true } failures, { HasValue: true } last, { HasValue: true } expiresAt]
            || Parse(expiresAt) <= _time.GetUtcNow().ToUnixTimeMilliseconds())
        {
            return ThrottleCounter.None;
        }

        return new ThrottleCounter((int)Parse(failures), DateTimeOffset.FromUnixTimeMilliseconds(Parse(last)));
    }

    public async ValueTask<ThrottleCounter> RecordFailureAsync(string key, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        var failures = await _redis.RunAsync(
            "record sign-in failure",
            db => db.ScriptEvaluateAsync(
                RecordFailureScript,
                [Key(key)],
                [at, (now + expiry).ToUnixTimeMilliseconds(), (long)(expiry + _redis.Options.ExpiryMargin).TotalMilliseconds]),
            cancellationToken).ConfigureAwait(false);
        return new ThrottleCounter((int)failures, DateTimeOffset.FromUnixTimeMilliseconds(at));
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken)
        => await _redis.RunAsync("reset throttle counter", db => db.KeyDeleteAsync(Key(key)), cancellationToken).ConfigureAwait(false);

    private RedisKey Key(string key) => _redis.Key("throttle:") + key;

    private static long Parse(RedisValue value) => long.Parse((string)value!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
