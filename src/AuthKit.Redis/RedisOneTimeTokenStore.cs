using System.Globalization;
using AuthKit.Tokens;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// One-time tokens on Redis, shared by every instance. A token is a hash under its SHA-256 (<c>p</c> purpose, <c>u</c>
/// user, <c>e</c> address, <c>d</c> data, <c>x</c> expiry in Unix milliseconds) with a TTL a little past its expiry; a
/// user's tokens of one purpose are also listed in a set, so a reset can delete the other reset links. Consuming is one
/// Lua script (check and delete), so exactly one of concurrent consumers gets the token.
/// </summary>
internal sealed class RedisOneTimeTokenStore : IOneTimeTokenStore
{
    // KEYS: token, user's set ('' when the token has no user). ARGV: purpose, user, address, data, expiry ms, ttl ms.
    private const string StoreScript = """
        redis.call('HSET', KEYS[1], 'p', ARGV[1], 'u', ARGV[2], 'e', ARGV[3], 'd', ARGV[4], 'x', ARGV[5])
        redis.call('PEXPIRE', KEYS[1], ARGV[6])
        if ARGV[2] ~= '' then
          redis.call('SADD', KEYS[2], KEYS[1])
          if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[6]) then redis.call('PEXPIRE', KEYS[2], ARGV[6]) end
        end
        return 1
        """;

    // KEYS: token. ARGV: purpose, user ('' for any), now ms. Returns {user, address, data, expiry} or nil.
    private const string ConsumeScript = """
        local t = redis.call('HMGET', KEYS[1], 'p', 'u', 'e', 'd', 'x')
        if not t[1] or t[1] ~= ARGV[1] or (ARGV[2] ~= '' and t[2] ~= ARGV[2]) then return nil end
        redis.call('DEL', KEYS[1])
        if tonumber(t[5]) <= tonumber(ARGV[3]) then return nil end
        return {t[2], t[3], t[4], t[5]}
        """;

    // KEYS: the user's set. Deletes every token listed in it, then the set.
    private const string RevokeScript = """
        for _, key in ipairs(redis.call('SMEMBERS', KEYS[1])) do redis.call('DEL', key) end
        redis.call('DEL', KEYS[1])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisOneTimeTokenStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public async Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var ttl = _redis.TimeToLiveMilliseconds(token.ExpiresAt, _time.GetUtcNow());
        await _redis.RunAsync(
            "store one-time token",
            db => db.ScriptEvaluateAsync(
                StoreScript,
                [TokenKey(token.Hash), token.UserId is null ? _redis.Key("tokens:-") : UserKey(token.UserId, token.Purpose)],
                [token.Purpose, token.UserId ?? string.Empty, token.Email ?? string.Empty, token.Data ?? string.Empty, token.ExpiresAt.ToUnixTimeMilliseconds(), ttl]),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var result = await _redis.RunAsync(
            "consume one-time token",
            db => db.ScriptEvaluateAsync(ConsumeScript, [TokenKey(hash)], [purpose, userId ?? string.Empty, now.ToUnixTimeMilliseconds()]),
            cancellationToken).ConfigureAwait(false);
        if (result.IsNull || (RedisValue[]?)result is not [var user, var email, var data, var expires])
        {
            return null;
        }

        return new OneTimeToken(
            hash,
            purpose,
            NullIfEmpty(user),
            NullIfEmpty(email),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)expires!, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            NullIfEmpty(data));
    }

    public async Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken)
        => await _redis.RunAsync("revoke one-time tokens", db => db.ScriptEvaluateAsync(RevokeScript, [UserKey(userId, purpose)]), cancellationToken).ConfigureAwait(false);

    private RedisKey TokenKey(byte[] hash) => _redis.Key("token:") + Convert.ToHexStringLower(hash);

    // The user id is hashed into the name: an id may hold any character, and the set's name shows no identifier.
    private RedisKey UserKey(string userId, string purpose)
        => _redis.Key("tokens:") + purpose + ":" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(userId)));

    private static string? NullIfEmpty(RedisValue value) => value.IsNullOrEmpty ? null : (string)value!;
}
