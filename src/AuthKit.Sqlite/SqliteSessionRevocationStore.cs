using AuthKit.Sessions.Stateless;

namespace AuthKit.Sqlite;

/// <summary>
/// The revocation list of stateless sessions in the SQLite file, so a logout or "sign out everywhere" still holds after
/// the app restarts. Entries are kept until the sessions they revoke would have expired; expired rows are deleted every
/// so many writes, so the tables stay as small as the set of recent sign-outs.
/// </summary>
internal sealed class SqliteSessionRevocationStore : ISessionRevocationStore
{
    private const int SweepEvery = 256;

    private static readonly SqliteDatabase.Statement RevokeSession = new(
        "INSERT INTO authkit_revoked_sessions (session_id, expires_at) VALUES ($id, $expires) ON CONFLICT (session_id) DO UPDATE SET expires_at = MAX(expires_at, excluded.expires_at)",
        "$id", "$expires");

    // A later "not before" never gives way to an earlier one, nor a later expiry to an earlier one.
    private static readonly SqliteDatabase.Statement RevokeUser = new(
        "INSERT INTO authkit_revoked_users (user_id, not_before, expires_at) VALUES ($user, $notBefore, $expires) ON CONFLICT (user_id) DO UPDATE SET not_before = MAX(not_before, excluded.not_before), expires_at = MAX(expires_at, excluded.expires_at)",
        "$user", "$notBefore", "$expires");

    private static readonly SqliteDatabase.Statement IsRevoked = new(
        "SELECT EXISTS (SELECT 1 FROM authkit_revoked_sessions WHERE session_id = $id AND expires_at > $now) OR EXISTS (SELECT 1 FROM authkit_revoked_users WHERE user_id = $user AND expires_at > $now AND $issued <= not_before)",
        "$id", "$user", "$issued", "$now");

    private static readonly SqliteDatabase.Statement Sweep = new(
        "DELETE FROM authkit_revoked_sessions WHERE expires_at <= $now; DELETE FROM authkit_revoked_users WHERE expires_at <= $now;",
        "$now");

    private readonly SqliteDatabase _database;
    private readonly TimeProvider _time;
    private int _writes;

    public SqliteSessionRevocationStore(SqliteDatabase database, TimeProvider time)
    {
        _database = database;
        _time = time;
    }

    public async ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await _database.Run(RevokeSession, (sessionId, expiresAt), static (command, args) =>
        {
            command.Parameters[0].Value = args.sessionId;
            command.Parameters[1].Value = args.expiresAt.ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        await _database.Run(RevokeUser, (userId, notBefore, expiresAt), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = args.notBefore.ToUnixTimeMilliseconds();
            command.Parameters[2].Value = args.expiresAt.ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false);
        await AfterWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    public ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
        => new(_database.Run(IsRevoked, (sessionId, userId, issuedAt, now: _time.GetUtcNow()), static (command, args) =>
        {
            command.Parameters[0].Value = args.sessionId;
            command.Parameters[1].Value = args.userId;
            command.Parameters[2].Value = args.issuedAt.ToUnixTimeMilliseconds();
            command.Parameters[3].Value = args.now.ToUnixTimeMilliseconds();
            return (long)command.ExecuteScalar()! == 1;
        }, cancellationToken));

    private Task AfterWriteAsync(CancellationToken cancellationToken)
        => Interlocked.Increment(ref _writes) % SweepEvery != 0
            ? Task.CompletedTask
            : _database.Run(Sweep, _time.GetUtcNow(), static (command, now) =>
            {
                command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
                return command.ExecuteNonQuery();
            }, cancellationToken);
}
