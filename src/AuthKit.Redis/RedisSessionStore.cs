using System.Globalization;
using System.Text.Json;
using AuthKit.Sessions.Database;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// An <see cref="ISessionStore"/> on Redis. A session is a hash under its token hash (never the token) with a TTL
/// that ends shortly after its earlier expiry; a sorted set per user (by creation time) serves list and
/// revoke-all; a sorted set of expiries serves <see cref="PurgeExpiredAsync"/>. Every change that touches more than
/// one key runs as one Lua script, so the indexes never disagree with the sessions.
/// </summary>
internal sealed class RedisSessionStore : ISessionStore
{
    // Purge works in slices so that one script never blocks Redis for long.
    private const int PurgeBatch = 500;

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;

    public RedisSessionStore(RedisConnection redis, TimeProvider time)
    {
        _redis = redis;
        _time = time;
    }

    private string SessionPrefix => _redis.Key("session:");

    private string UserPrefix => _redis.Key("user-sessions:");

    private RedisKey ExpiryIndex => _redis.Key("session-expiries");

    public async Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerUser, 1);
        var values = new List<RedisValue>(28)
        {
            session.TokenHash,
            Milliseconds(session.CreatedAt),
            Milliseconds(session.ExpiresAt),
            _redis.TimeToLiveMilliseconds(session.ExpiresAt, _time.GetUtcNow()),
            maxSessionsPerUser,
            SessionPrefix,
            "id", session.Id,
            "user", session.UserId,
            "roles", JsonSerializer.Serialize(session.Roles, RedisJson.Default.IReadOnlyListString),
            "created", Milliseconds(session.CreatedAt),
            "seen", Milliseconds(session.LastSeenAt),
            "idle", Milliseconds(session.IdleExpiresAt),
            "abs", Milliseconds(session.AbsoluteExpiresAt),
            "values", JsonSerializer.Serialize(session.Values, RedisJson.Default.IReadOnlyDictionaryStringString),
        };
        if (session.UserAgent is not null)
        {
            values.Add("agent");
            values.Add(session.UserAgent);
        }

        if (session.ClientIp is not null)
        {
            values.Add("ip");
            values.Add(session.ClientIp);
        }

        var created = await _redis.RunAsync(
            "create session",
            db => db.ScriptEvaluateAsync(RedisSessionScripts.Create, [SessionKey(session.TokenHash), UserKey(session.UserId), ExpiryIndex], [.. values]),
            cancellationToken).ConfigureAwait(false);
        if ((int)created == 0)
        {
            throw new InvalidOperationException("A session with this token hash already exists.");
        }
    }

    public async Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        var fields = await _redis.RunAsync("find session", db => db.HashGetAllAsync(SessionKey(tokenHash)), cancellationToken).ConfigureAwait(false);
        return fields.Length == 0 ? null : Read(tokenHash, fields);
    }

    public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
        => _redis.RunAsync(
            "touch session",
            db => db.ScriptEvaluateAsync(
                RedisSessionScripts.Touch,
                [SessionKey(tokenHash), ExpiryIndex],
                [
                    Milliseconds(lastSeenAt),
                    Milliseconds(idleExpiresAt),
                    Milliseconds(_time.GetUtcNow()),
                    (long)_redis.Options.ExpiryMargin.TotalMilliseconds,
                    tokenHash,
                    UserPrefix,
                ]),
            cancellationToken);

    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
        => (int)await _redis.RunAsync(
            "delete session",
            db => db.ScriptEvaluateAsync(RedisSessionScripts.Delete, [SessionKey(tokenHash), ExpiryIndex], [tokenHash, UserPrefix]),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
        => (int)await _redis.RunAsync(
            "delete session by id",
            db => db.ScriptEvaluateAsync(RedisSessionScripts.DeleteById, [UserKey(userId), ExpiryIndex], [sessionId, userId, SessionPrefix]),
            cancellationToken).ConfigureAwait(false) == 1;

    public async Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
        => (int)await _redis.RunAsync(
            "delete all sessions",
            db => db.ScriptEvaluateAsync(RedisSessionScripts.DeleteAll, [UserKey(userId), ExpiryIndex], [exceptTokenHash ?? string.Empty, SessionPrefix]),
            cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var result = await _redis.RunAsync(
            "list sessions",
            db => db.ScriptEvaluateAsync(RedisSessionScripts.List, [UserKey(userId)], [SessionPrefix, limit]),
            cancellationToken).ConfigureAwait(false);

        var items = (RedisResult[])result!;
        var sessions = new List<SessionRecord>(items.Length / 2);
        for (var i = 0; i + 1 < items.Length; i += 2)
        {
            var pairs = (RedisResult[])items[i + 1]!;
            var fields = new HashEntry[pairs.Length / 2];
            for (var j = 0; j < fields.Length; j++)
            {
                fields[j] = new HashEntry((RedisValue)pairs[2 * j], (RedisValue)pairs[(2 * j) + 1]);
            }

            var session = Read((string)items[i]!, fields);
            if (!session.IsExpired(now))
            {
                sessions.Add(session);
            }
        }

        return sessions;
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var result = (RedisResult[])(await _redis.RunAsync(
                "purge expired sessions",
                db => db.ScriptEvaluateAsync(RedisSessionScripts.Purge, [ExpiryIndex], [Milliseconds(now), SessionPrefix, UserPrefix, PurgeBatch]),
                cancellationToken).ConfigureAwait(false))!;
            total += (int)result[0];
            if ((int)result[1] < PurgeBatch)
            {
                return total;
            }
        }
    }

    private RedisKey SessionKey(string tokenHash) => SessionPrefix + tokenHash;

    private RedisKey UserKey(string userId) => UserPrefix + userId;

    private static long Milliseconds(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    private static SessionRecord Read(string tokenHash, HashEntry[] entries)
    {
        var fields = new Dictionary<string, string>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            fields[entry.Name!] = entry.Value!;
        }

        return new SessionRecord(
            tokenHash,
            fields["id"],
            fields["user"],
            JsonSerializer.Deserialize(fields["roles"], RedisJson.Default.IReadOnlyListString) ?? [],
            Instant(fields["created"]),
            Instant(fields["seen"]),
            Instant(fields["idle"]),
            Instant(fields["abs"]),
            fields.GetValueOrDefault("agent"),
            fields.GetValueOrDefault("ip"),
            JsonSerializer.Deserialize(fields["values"], RedisJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>());
    }

    private static DateTimeOffset Instant(string milliseconds)
        => DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(milliseconds, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
}
