namespace AuthKit.Redis;

/// <summary>
/// The Lua scripts of <see cref="RedisSessionStore"/>. Each runs atomically in Redis, so a session hash, its user's
/// index (a sorted set by creation time) and the expiry index (a sorted set by expiry) never disagree.
/// </summary>
/// <remarks>
/// Scripts build the names of a user's index and of session hashes from the prefix they are given, so all keys of
/// one store must live on one Redis node (a standalone server or a replicated primary, not Redis Cluster).
/// </remarks>
internal static class RedisSessionScripts
{
    // KEYS: session hash, user index, expiry index. ARGV: token hash, created ms, expires ms, ttl ms, most sessions per
    // user, session hash prefix, field/value pairs. Past the limit, the user's oldest sessions go (never the new one).
    public const string Create = """
        if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
        redis.call('HSET', KEYS[1], unpack(ARGV, 7))
        redis.call('PEXPIRE', KEYS[1], ARGV[4])
        redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
        if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[4]) then redis.call('PEXPIRE', KEYS[2], ARGV[4]) end
        redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
        local excess = redis.call('ZCARD', KEYS[2]) - tonumber(ARGV[5])
        if excess > 0 then
          for _, hash in ipairs(redis.call('ZRANGE', KEYS[2], 0, excess)) do
            if excess == 0 then break end
            if hash ~= ARGV[1] then
              redis.call('DEL', ARGV[6] .. hash)
              redis.call('ZREM', KEYS[2], hash)
              redis.call('ZREM', KEYS[3], hash)
              excess = excess - 1
            end
          end
        end
        return 1
        """;

    // KEYS: session hash, expiry index. ARGV: last seen ms, idle ms, now ms, margin ms, token hash, user index prefix.
    public const string Touch = """
        local fields = redis.call('HMGET', KEYS[1], 'abs', 'user')
        if not fields[1] then return 0 end
        local idle = ARGV[2]
        if tonumber(idle) > tonumber(fields[1]) then idle = fields[1] end
        redis.call('HSET', KEYS[1], 'seen', ARGV[1], 'idle', idle)
        local ttl = tonumber(idle) - tonumber(ARGV[3])
        if ttl < 0 then ttl = 0 end
        ttl = ttl + tonumber(ARGV[4])
        if ttl < 1000 then ttl = 1000 end
        redis.call('PEXPIRE', KEYS[1], ttl)
        redis.call('ZADD', KEYS[2], idle, ARGV[5])
        local index = ARGV[6] .. fields[2]
        if redis.call('PTTL', index) < ttl then redis.call('PEXPIRE', index, ttl) end
        return 1
        """;

    // KEYS: session hash, expiry index. ARGV: token hash, user index prefix.
    public const string Delete = """
        local user = redis.call('HGET', KEYS[1], 'user')
        redis.call('ZREM', KEYS[2], ARGV[1])
        if not user then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', ARGV[2] .. user, ARGV[1])
        return 1
        """;

    // KEYS: user index, expiry index. ARGV: session id, user id, session hash prefix.
    public const string DeleteById = """
        for _, hash in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          local key = ARGV[3] .. hash
          local fields = redis.call('HMGET', key, 'id', 'user')
          if not fields[1] then
            redis.call('ZREM', KEYS[1], hash)
          elseif fields[1] == ARGV[1] and fields[2] == ARGV[2] then
            redis.call('DEL', key)
            redis.call('ZREM', KEYS[1], hash)
            redis.call('ZREM', KEYS[2], hash)
            return 1
          end
        end
        return 0
        """;

    // KEYS: user index, expiry index. ARGV: token hash to keep ('' for none), session hash prefix.
    public const string DeleteAll = """
        local deleted = 0
        for _, hash in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          if hash ~= ARGV[1] then
            deleted = deleted + redis.call('DEL', ARGV[2] .. hash)
            redis.call('ZREM', KEYS[1], hash)
            redis.call('ZREM', KEYS[2], hash)
          end
        end
        return deleted
        """;

    // KEYS: user index. ARGV: session hash prefix, limit. Returns token hash, HGETALL pairs, … newest first, at most
    // limit sessions; drops stale entries on the way.
    public const string List = """
        local result = {}
        local limit = tonumber(ARGV[2])
        for _, hash in ipairs(redis.call('ZREVRANGE', KEYS[1], 0, -1)) do
          if #result >= 2 * limit then break end
          local fields = redis.call('HGETALL', ARGV[1] .. hash)
          if #fields == 0 then
            redis.call('ZREM', KEYS[1], hash)
          else
            result[#result + 1] = hash
            result[#result + 1] = fields
          end
        end
        return result
        """;

    // KEYS: expiry index. ARGV: now ms, session hash prefix, user index prefix, batch size. Returns {deleted, examined}.
    public const string Purge = """
        local hashes = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, ARGV[4])
        local deleted = 0
        for _, hash in ipairs(hashes) do
          local key = ARGV[2] .. hash
          local user = redis.call('HGET', key, 'user')
          if user then
            redis.call('DEL', key)
            redis.call('ZREM', ARGV[3] .. user, hash)
            deleted = deleted + 1
          end
          redis.call('ZREM', KEYS[1], hash)
        end
        return { deleted, #hashes }
        """;
}
