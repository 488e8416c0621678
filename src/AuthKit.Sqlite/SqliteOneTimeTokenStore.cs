using AuthKit.Tokens;

namespace AuthKit.Sqlite;

/// <summary>
/// One-time tokens in the SQLite file. Consuming is one <c>DELETE … RETURNING</c> statement, which SQLite runs atomically:
/// of concurrent consumers of a token exactly one gets its row. Expired rows are deleted every so many writes.
/// </summary>
internal sealed class SqliteOneTimeTokenStore : IOneTimeTokenStore
{
    private const int SweepEvery = 256;

    private static readonly SqliteDatabase.Statement Insert = new(
        "INSERT OR REPLACE INTO authkit_tokens (token_hash, purpose, user_id, email, data, expires_at) VALUES ($hash, $purpose, $user, $email, $data, $expires)",
        "$hash", "$purpose", "$user", "$email", "$data", "$expires");

    private static readonly SqliteDatabase.Statement Consume = new(
        "DELETE FROM authkit_tokens WHERE token_hash = $hash AND purpose = $purpose AND expires_at > $now AND ($user IS NULL OR user_id = $user) RETURNING user_id, email, data, expires_at",
        "$hash", "$purpose", "$now", "$user");

    private static readonly SqliteDatabase.Statement Revoke = new(
        "DELETE FROM authkit_tokens WHERE user_id = $user AND purpose = $purpose",
        "$user", "$purpose");

    private static readonly SqliteDatabase.Statement Sweep = new("DELETE FROM authkit_tokens WHERE expires_at <= $now", "$now");

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private int _writes;

    public SqliteOneTimeTokenStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        await _database.Run(Insert, token, static (command, token) =>
        {
            var p = command.Parameters;
            p[0].Value = Convert.ToHexString(token.Hash);
            p[1].Value = token.Purpose;
            p[2].Value = (object?)token.UserId ?? DBNull.Value;
            p[3].Value = (object?)token.Email ?? DBNull.Value;
            p[4].Value = (object?)token.Data ?? DBNull.Value;
            p[5].Value = token.ExpiresAt.ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);

        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            await _database.Run(Sweep, _time.GetUtcNow(), static (command, now) =>
            {
                command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
                return command.ExecuteNonQuery();
            }, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        return _database.Run(Consume, (hash, purpose, userId, now), static (command, args) =>
        {
            var p = command.Parameters;
            p[0].Value = Convert.ToHexString(args.hash);
            p[1].Value = args.purpose;
            p[2].Value = args.now.ToUnixTimeMilliseconds();
            p[3].Value = (object?)args.userId ?? DBNull.Value;
            using var reader = command.ExecuteReader();
            return reader.Read()
                ? new OneTimeToken(
                    args.hash,
                    args.purpose,
                    reader.IsDBNull(0) ? null : reader.GetString(0),
                    reader.IsDBNull(1) ? null : reader.GetString(1),
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
                    reader.IsDBNull(2) ? null : reader.GetString(2))
                : null;
        }, cancellationToken);
    }

    public async Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken)
        => await _database.Run(Revoke, (userId, purpose), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = args.purpose;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
}
