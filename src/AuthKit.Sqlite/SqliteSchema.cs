using Microsoft.Data.Sqlite;

namespace AuthKit.Sqlite;

/// <summary>
/// Creates and upgrades AuthKit's tables, versioned with <c>PRAGMA user_version</c>. Each migration runs in a
/// transaction; a database written by a newer AuthKit is refused rather than misread.
/// </summary>
internal static class SqliteSchema
{
    public const int CurrentVersion = 3;

    private static readonly string[] Migrations =
    [
        // 1: sessions, keyed by token hash (the raw token is never stored), indexed by user and expiry.
        """
        CREATE TABLE authkit_sessions (
            token_hash          TEXT    NOT NULL PRIMARY KEY,
            id                  TEXT    NOT NULL UNIQUE,
            user_id             TEXT    NOT NULL,
            roles               TEXT    NOT NULL,
            created_at          INTEGER NOT NULL,
            last_seen_at        INTEGER NOT NULL,
            idle_expires_at     INTEGER NOT NULL,
            absolute_expires_at INTEGER NOT NULL,
            user_agent          TEXT    NULL,
            client_ip           TEXT    NULL,
            session_values      TEXT    NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_authkit_sessions_user_id ON authkit_sessions (user_id);
        CREATE INDEX ix_authkit_sessions_expiry ON authkit_sessions (idle_expires_at, absolute_expires_at);
        """,

        // 2: the stateless revocation list and throttle counters, so one instance on SQLite forgets neither on restart.
        // Throttle keys are hashes (no email or client address is stored).
        """
        CREATE TABLE authkit_revoked_sessions (
            session_id  TEXT    NOT NULL PRIMARY KEY,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_authkit_revoked_sessions_expiry ON authkit_revoked_sessions (expires_at);
        CREATE TABLE authkit_revoked_users (
            user_id     TEXT    NOT NULL PRIMARY KEY,
            not_before  INTEGER NOT NULL,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_authkit_revoked_users_expiry ON authkit_revoked_users (expires_at);
        CREATE TABLE authkit_throttle (
            key         TEXT    NOT NULL PRIMARY KEY,
            count       INTEGER NOT NULL,
            last_at     INTEGER NULL,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_authkit_throttle_expiry ON authkit_throttle (expires_at);
        """,

        // 3: one-time tokens (verification, reset, address change), keyed by the token's SHA-256 (never the token).
        """
        CREATE TABLE authkit_tokens (
            token_hash  TEXT    NOT NULL PRIMARY KEY,
            purpose     TEXT    NOT NULL,
            user_id     TEXT    NULL,
            email       TEXT    NULL,
            data        TEXT    NULL,
            expires_at  INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_authkit_tokens_user ON authkit_tokens (user_id, purpose);
        CREATE INDEX ix_authkit_tokens_expiry ON authkit_tokens (expires_at);
        """,
    ];

    public static void Apply(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            // WAL lets readers proceed while one writer writes; the setting is stored in the file.
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection, transaction);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The AuthKit database has schema version {version}, newer than this AuthKit.Sqlite understands ({CurrentVersion}). Upgrade AuthKit.Sqlite or use another database file.");
        }

        for (var next = version + 1; next <= CurrentVersion; next++)
        {
            using var migrate = connection.CreateCommand();
            migrate.Transaction = transaction;
            migrate.CommandText = Migrations[next - 1] + $"\nPRAGMA user_version = {next};";
            migrate.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    private static long ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return (long)command.ExecuteScalar()!;
    }
}
