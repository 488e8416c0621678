using System.Globalization;
using AuthKit.Sessions.Stateless;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// The revocation list of stateless sessions on Redis, so a logout on one instance holds on all. A revoked session is
/// a key holding its expiry; a user's "not before" is a key holding <c>notBefore:expiresAt</c>. Both keys carry a TTL
/// that ends shortly after the entry stops mattering, and the stored instants are what AuthKit checks.
/// </summary>
internal sealed class RedisSessionRevocationStore : ISessionRevocationStore
{
    // KEYS: user entry. ARGV: not-before ms, expires ms, now ms, margin ms. Keeps the later of each instant.
    private const string RevokeUserScript = """
        local notBefore, expiresAt = ARGV[1], ARGV[2]
        local current = redis.call('GET', KEYS[1])
        if current then
          local n, e = string.match(current, '^(%-?%d+):(%-?%d+)$')
          if n and tonumber(n) > tonumber(notBefore) then notBefore = n end
          if e and tonumber(e) > tonumber(expiresAt) then expiresAt = e end
        end
        local ttl = tonumber(expiresAt) - tonumber(ARGV[3])
        if ttl < 0 then ttl = 0 end
        ttl = ttl + tonumber(ARGV[4])
        if ttl < 1000 then ttl = 1000 end
        redis.call('SET', KEYS[1], notBefore .. ':' .. expiresAt, 'PX', ttl)
        return 1
        """;

    // KEYS: session entry. ARGV: expires ms, ttl ms. Keeps the later expiry (revoking again never shortens a revocation).
    private const string RevokeSessionScript = """
        local current = redis.call('GET', KEYS[1])
        if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
        return 1
        """;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisSessionRevocationStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    public async ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var ttl = _redis.TimeToLiveMilliseconds(expiresAt, _time.GetUtcNow());
        await _redis.RunAsync(
            "revoke session",
            db => db.ScriptEvaluateAsync(RevokeSessionScript, [SessionKey(sessionId)], [expiresAt.ToUnixTimeMilliseconds(), ttl]),
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
        => await _redis.RunAsync(
            "revoke user",
            db => db.ScriptEvaluateAsync(
                RevokeUserScript,
                [UserKey(userId)],
                [
                    notBefore.ToUnixTimeMilliseconds(),
                    expiresAt.ToUnixTimeMilliseconds(),
                    _time.GetUtcNow().ToUnixTimeMilliseconds(),
                    (long)_redis.Options.ExpiryMargin.TotalMilliseconds,
                ]),
            cancellationToken).ConfigureAwait(false);

    public async ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        // Both reads leave in one batch: one round trip, and no multi-key command, so it also works when the two
        // keys hash to different slots.
        var (session, user) = await _redis.RunAsync(
            "check revocation",
            async db =>
            {
                var batch = db.CreateBatch();
                var sessionRead = batch.StringGetAsync(SessionKey(sessionId));
                var userRead = batch.StringGetAsync(UserKey(userId));
                batch.Execute();
                return (await sessionRead.ConfigureAwait(false), await userRead.ConfigureAwait(false));
            },
            cancellationToken).ConfigureAwait(false);

        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        if (session.HasValue && (long)session > now)
        {
            return true;
        }

        if (user.HasValue && ((string)user!).Split(':') is [var notBefore, var expiresAt])
        {
            return Parse(expiresAt) > now && issuedAt.ToUnixTimeMilliseconds() <= Parse(notBefore);
        }

        return false;
    }

    private RedisKey SessionKey(string sessionId) => _redis.Key("revoked-session:") + sessionId;

    private RedisKey UserKey(string userId) => _redis.Key("revoked-user:") + userId;

    private static long Parse(string milliseconds) => long.Parse(milliseconds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
