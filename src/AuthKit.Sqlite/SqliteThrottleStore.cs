using AuthKit.Credentials.Throttling;

namespace AuthKit.Sqlite;

/// <summary>
/// Sign-in throttle counters in the SQLite file, so a restart does not clear them. The compare-and-replace is one
/// statement (an <c>UPDATE … WHERE</c> the counter is still what the caller read, or an upsert over a missing or expired
/// one), which SQLite runs atomically. Expired rows are deleted every so many writes.
/// </summary>
internal sealed class SqliteThrottleStore : IThrottleStore
{
    private const int SweepEvery = 1024;

    private static readonly SqliteDatabase.Statement Get = new(
        "SELECT count, last_at FROM authkit_throttle WHERE key = $key AND expires_at > $now",
        "$key", "$now");

    private static readonly SqliteDatabase.Statement Create = new(
        "INSERT INTO authkit_throttle (key, count, last_at, expires_at) VALUES ($key, $count, $last, $expires) ON CONFLICT (key) DO UPDATE SET count = excluded.count, last_at = excluded.last_at, expires_at = excluded.expires_at WHERE authkit_throttle.expires_at <= $now",
        "$key", "$count", "$last", "$expires", "$now");

    private static readonly SqliteDatabase.Statement Replace = new(
        "UPDATE authkit_throttle SET count = $count, last_at = $last, expires_at = $expires WHERE key = $key AND expires_at > $now AND count = $expectedCount AND last_at IS $expectedLast",
        "$key", "$count", "$last", "$expires", "$now", "$expectedCount", "$expectedLast");

    private static readonly SqliteDatabase.Statement Delete = new("DELETE FROM authkit_throttle WHERE key = $key", "$key");

    private static readonly SqliteDatabase.Statement Sweep = new("DELETE FROM authkit_throttle WHERE expires_at <= $now", "$now");

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private int _writes;

    public SqliteThrottleStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken)
        => new(_database.Run(Get, (key, now: _time.GetUtcNow()), static (command, args) =>
        {
            command.Parameters[0].Value = args.key;
            command.Parameters[1].Value = args.now.ToUnixTimeMilliseconds();
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new ThrottleCounter(reader.GetInt32(0), reader.IsDBNull(1) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)))
                : ThrottleCounter.None;
        }, cancellationToken));

    public async ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var replaced = expected == ThrottleCounter.None
            ? await _database.Run(Create, (key, next, expiresAt, now), static (command, args) =>
            {
                var p = command.Parameters;
                p[0].Value = args.key;
                p[1].Value = args.next.Count;
                p[2].Value = Milliseconds(args.next.LastAt);
                p[3].Value = args.expiresAt.ToUnixTimeMilliseconds();
                p[4].Value = args.now.ToUnixTimeMilliseconds();
                return command.ExecuteNonQuery() == 1;
            }, cancellationToken).ConfigureAwait(false)
            : await _database.Run(Replace, (key, expected, next, expiresAt, now), static (command, args) =>
            {
                var p = command.Parameters;
                p[0].Value = args.key;
                p[1].Value = args.next.Count;
                p[2].Value = Milliseconds(args.next.LastAt);
                p[3].Value = args.expiresAt.ToUnixTimeMilliseconds();
                p[4].Value = args.now.ToUnixTimeMilliseconds();
                p[5].Value = args.expected.Count;
                p[6].Value = Milliseconds(args.expected.LastAt);
                return command.ExecuteNonQuery() == 1;
            }, cancellationToken).ConfigureAwait(false);

        if (replaced && Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            await _database.Run(Sweep, now, static (command, now) =>
            {
                command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
                return command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
        }

        return replaced;
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken)
        => await _database.Run(Delete, key, static (command, key) =>
        {
            command.Parameters[0].Value = key;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);

    private static object Milliseconds(DateTimeOffset? instant) => instant is { } at ? at.ToUnixTimeMilliseconds() : DBNull.Value;
}
