using Microsoft.Data.Sqlite;

namespace AuthKit.Sample.Users;

/// <summary>Opens connections to the sample's user database and creates its table on first use.</summary>
public sealed class UserDatabase
{
    private readonly string _connectionString;
    private readonly SemaphoreSlim _initialise = new(1, 1);
    private volatile bool _ready;

    public UserDatabase(string connectionString)
    {
        _connectionString = new SqliteConnectionStringBuilder(connectionString) { Pooling = true, DefaultTimeout = 30 }.ToString();
    }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        if (!_ready)
        {
            await InitialiseAsync(connection, cancellationToken);
        }

        return connection;
    }

    private async Task InitialiseAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initialise.WaitAsync(cancellationToken);
        try
        {
            if (_ready)
            {
                return;
            }

            await using var command = connection.CreateCommand();
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS users (
                    id            TEXT PRIMARY KEY,
                    email         TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    is_admin      INTEGER NOT NULL DEFAULT 0,
                    created_at    INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS user_two_factor (
                    user_id            TEXT PRIMARY KEY REFERENCES users (id),
                    secret             TEXT NOT NULL,
                    last_step          INTEGER NOT NULL,
                    recovery_codes     TEXT NOT NULL,
                    enabled_at         INTEGER NOT NULL,
                    trusted_not_before INTEGER NOT NULL,
                    version            INTEGER NOT NULL
                );
                CREATE TABLE IF NOT EXISTS user_passkeys (
                    credential_id    BLOB PRIMARY KEY,
                    user_id          TEXT NOT NULL REFERENCES users (id),
                    user_handle      BLOB NOT NULL,
                    public_key       BLOB NOT NULL,
                    sign_count       INTEGER NOT NULL,
                    transports       TEXT NOT NULL,
                    name             TEXT NOT NULL,
                    created_at       INTEGER NOT NULL,
                    last_used_at     INTEGER,
                    backup_eligible  INTEGER NOT NULL,
                    backed_up        INTEGER NOT NULL,
                    aaguid           TEXT NOT NULL
                );
                CREATE INDEX IF NOT EXISTS user_passkeys_by_user ON user_passkeys (user_id);
                CREATE TABLE IF NOT EXISTS user_logins (
                    provider   TEXT NOT NULL,
                    subject    TEXT NOT NULL,
                    user_id    TEXT NOT NULL REFERENCES users (id),
                    created_at INTEGER NOT NULL,
                    PRIMARY KEY (provider, subject),
                    UNIQUE (user_id, provider)
                );
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);

            // Added with email verification: a database from before gets the column, every existing address unverified.
            await using var columns = connection.CreateCommand();
            columns.CommandText = "SELECT COUNT(*) FROM pragma_table_info('users') WHERE name = 'email_verified'";
            if ((long)(await columns.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                await using var alter = connection.CreateCommand();
                alter.CommandText = "ALTER TABLE users ADD COLUMN email_verified INTEGER NOT NULL DEFAULT 0";
                await alter.ExecuteNonQueryAsync(cancellationToken);
            }

            _ready = true;
        }
        finally
        {
            _initialise.Release();
        }
    }
}
