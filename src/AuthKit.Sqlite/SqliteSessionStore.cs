using System.Text.Json;
using AuthKit.Sessions.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sqlite;

/// <summary>
/// An <see cref="ISessionStore"/> on SQLite (Microsoft.Data.Sqlite): WAL mode, a busy timeout, a versioned
/// schema created on first use, indexes on token hash (primary key) and user id. Only token hashes are stored.
/// </summary>
public sealed class SqliteSessionStore : ISessionStore
{
    private const string Columns = "token_hash, id, user_id, roles, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, client_ip, session_values";

    private readonly string _connectionString;
    private readonly SemaphoreSlim _initialise = new(1, 1);
    private volatile bool _ready;

    /// <summary>Initialises the store.</summary>
    /// <param name="options">The store's settings.</param>
    public SqliteSessionStore(IOptions<SqliteSessionStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException("AuthKit.Sqlite needs a connection string: call UseSqlite(\"Data Source=auth.db\") on the AuthKit builder.");
        }

        _connectionString = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();
    }

    /// <inheritdoc />
    public async Task CreateAsync(SessionRecord session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO authkit_sessions ({Columns}) VALUES ($hash, $id, $user, $roles, $created, $seen, $idle, $absolute, $agent, $ip, $values)";
        command.Parameters.AddWithValue("$hash", session.TokenHash);
        command.Parameters.AddWithValue("$id", session.Id);
        command.Parameters.AddWithValue("$user", session.UserId);
        command.Parameters.AddWithValue("$roles", JsonSerializer.Serialize(session.Roles, SqliteJson.Default.IReadOnlyListString));
        command.Parameters.AddWithValue("$created", session.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$seen", session.LastSeenAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$idle", session.IdleExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$absolute", session.AbsoluteExpiresAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$agent", (object?)session.UserAgent ?? DBNull.Value);
        command.Parameters.AddWithValue("$ip", (object?)session.ClientIp ?? DBNull.Value);
        command.Parameters.AddWithValue("$values", JsonSerializer.Serialize(session.Values, SqliteJson.Default.IReadOnlyDictionaryStringString));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM authkit_sessions WHERE token_hash = $hash";
        command.Parameters.AddWithValue("$hash", tokenHash);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc />
    public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
        => ExecuteAsync(
            "UPDATE authkit_sessions SET last_seen_at = $seen, idle_expires_at = MIN($idle, absolute_expires_at) WHERE token_hash = $hash",
            command =>
            {
                command.Parameters.AddWithValue("$seen", lastSeenAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$idle", idleExpiresAt.ToUnixTimeMilliseconds());
                command.Parameters.AddWithValue("$hash", tokenHash);
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
        => await ExecuteAsync(
            "DELETE FROM authkit_sessions WHERE token_hash = $hash",
            command => command.Parameters.AddWithValue("$hash", tokenHash),
            cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
        => await ExecuteAsync(
            "DELETE FROM authkit_sessions WHERE user_id = $user AND id = $id",
            command =>
            {
                command.Parameters.AddWithValue("$user", userId);
                command.Parameters.AddWithValue("$id", sessionId);
            },
            cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
        => ExecuteAsync(
            "DELETE FROM authkit_sessions WHERE user_id = $user AND ($except IS NULL OR token_hash <> $except)",
            command =>
            {
                command.Parameters.AddWithValue("$user", userId);
                command.Parameters.AddWithValue("$except", (object?)exceptTokenHash ?? DBNull.Value);
            },
            cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT {Columns} FROM authkit_sessions
            WHERE user_id = $user AND idle_expires_at > $now AND absolute_expires_at > $now
            ORDER BY created_at DESC
            """;
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds());
        var sessions = new List<SessionRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            sessions.Add(Read(reader));
        }

        return sessions;
    }

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => ExecuteAsync(
            "DELETE FROM authkit_sessions WHERE idle_expires_at <= $now OR absolute_expires_at <= $now",
            command => command.Parameters.AddWithValue("$now", now.ToUnixTimeMilliseconds()),
            cancellationToken);

    private async Task<int> ExecuteAsync(string sql, Action<SqliteCommand> bind, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        bind(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            if (!_ready)
            {
                await InitialiseAsync(connection, cancellationToken).ConfigureAwait(false);
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task InitialiseAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await _initialise.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_ready)
            {
                SqliteSchema.Apply(connection);
                _ready = true;
            }
        }
        finally
        {
            _initialise.Release();
        }
    }

    private static SessionRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        JsonSerializer.Deserialize(reader.GetString(3), SqliteJson.Default.IReadOnlyListString) ?? [],
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        JsonSerializer.Deserialize(reader.GetString(10), SqliteJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>());
}
