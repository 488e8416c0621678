using System.Collections.ObjectModel;
using System.Text.Json;
using AuthKit.Sessions.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sqlite;

/// <summary>
/// An <see cref="ISessionStore"/> on SQLite (Microsoft.Data.Sqlite): WAL mode, a busy timeout, a versioned schema
/// created on first use, indexes on token hash (primary key) and user id. Only token hashes are stored.
/// </summary>
/// <remarks>
/// The store keeps a few open connections, each with its statements compiled once, and hands one to each call:
/// compiling a statement costs more than running it, and a session check runs on every secure request.
/// Microsoft.Data.Sqlite does its I/O synchronously (its async methods complete synchronously too), so calls
/// complete synchronously and return completed tasks. Dispose the store (the DI container does) to close the files.
/// With <c>UseSqlite(…)</c>, the stateless revocation list and throttling share its file and connections.
/// </remarks>
public sealed class SqliteSessionStore : ISessionStore, IDisposable
{
    private const string Columns = "token_hash, id, user_id, roles, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, client_ip, session_values";

    private static readonly SqliteDatabase.Statement Insert = new($"INSERT INTO authkit_sessions ({Columns}) VALUES ($hash, $id, $user, $roles, $created, $seen, $idle, $absolute, $agent, $ip, $values)", "$hash", "$id", "$user", "$roles", "$created", "$seen", "$idle", "$absolute", "$agent", "$ip", "$values");
    private static readonly SqliteDatabase.Statement Find = new($"SELECT {Columns} FROM authkit_sessions WHERE token_hash = $hash", "$hash");
    private static readonly SqliteDatabase.Statement Touch = new("UPDATE authkit_sessions SET last_seen_at = $seen, idle_expires_at = MIN($idle, absolute_expires_at) WHERE token_hash = $hash", "$seen", "$idle", "$hash");
    private static readonly SqliteDatabase.Statement Delete = new("DELETE FROM authkit_sessions WHERE token_hash = $hash", "$hash");
    private static readonly SqliteDatabase.Statement DeleteById = new("DELETE FROM authkit_sessions WHERE user_id = $user AND id = $id", "$user", "$id");
    private static readonly SqliteDatabase.Statement DeleteAll = new("DELETE FROM authkit_sessions WHERE user_id = $user AND ($except IS NULL OR token_hash <> $except)", "$user", "$except");
    private static readonly SqliteDatabase.Statement List = new($"SELECT {Columns} FROM authkit_sessions WHERE user_id = $user AND idle_expires_at > $now AND absolute_expires_at > $now ORDER BY created_at DESC LIMIT $limit", "$user", "$now", "$limit");
    private static readonly SqliteDatabase.Statement Purge = new("DELETE FROM authkit_sessions WHERE idle_expires_at <= $now OR absolute_expires_at <= $now", "$now");

    // Keeps the user's newest sessions, the one just created first whatever its clock says. It runs after the insert as
    // its own statement: two sign-ins racing each end with at most the limit, since each keeps only the newest ones.
    private static readonly SqliteDatabase.Statement Evict = new("DELETE FROM authkit_sessions WHERE token_hash IN (SELECT token_hash FROM authkit_sessions WHERE user_id = $user ORDER BY token_hash = $hash DESC, created_at DESC, token_hash LIMIT -1 OFFSET $max)", "$user", "$hash", "$max");

    private readonly SqliteDatabase _database;
    private readonly bool _ownsDatabase;

    /// <summary>Initialises the store on a file of its own.</summary>
    /// <param name="options">The store's settings.</param>
    public SqliteSessionStore(IOptions<SqliteStoreOptions> options)
        : this(new SqliteDatabase(options), ownsDatabase: true)
    {
    }

    internal SqliteSessionStore(SqliteDatabase database, bool ownsDatabase = false)
    {
        _database = database;
        _ownsDatabase = ownsDatabase;
    }

    /// <inheritdoc />
    public Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerUser, 1);
        return _database.Run(Insert, (session, maxSessionsPerUser), static (connection, command, args) =>
        {
            var (session, max) = args;
            var p = command.Parameters;
            p[0].Value = session.TokenHash;
            p[1].Value = session.Id;
            p[2].Value = session.UserId;
            p[3].Value = session.Roles.Count == 0 ? "[]" : JsonSerializer.Serialize(session.Roles, SqliteJson.Default.IReadOnlyListString);
            p[4].Value = session.CreatedAt.ToUnixTimeMilliseconds();
            p[5].Value = session.LastSeenAt.ToUnixTimeMilliseconds();
            p[6].Value = session.IdleExpiresAt.ToUnixTimeMilliseconds();
            p[7].Value = session.AbsoluteExpiresAt.ToUnixTimeMilliseconds();
            p[8].Value = (object?)session.UserAgent ?? DBNull.Value;
            p[9].Value = (object?)session.ClientIp ?? DBNull.Value;
            p[10].Value = session.Values.Count == 0 ? "{}" : JsonSerializer.Serialize(session.Values, SqliteJson.Default.IReadOnlyDictionaryStringString);
            command.ExecuteNonQuery();

            var evict = connection.Command(Evict);
            evict.Parameters[0].Value = session.UserId;
            evict.Parameters[1].Value = session.TokenHash;
            evict.Parameters[2].Value = max;
            return evict.ExecuteNonQuery();
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
        => _database.Run(Find, tokenHash, static (command, tokenHash) =>
        {
            command.Parameters[0].Value = tokenHash;
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
        => _database.Run(Touch, (tokenHash, lastSeenAt, idleExpiresAt), static (command, args) =>
        {
            command.Parameters[0].Value = args.lastSeenAt.ToUnixTimeMilliseconds();
            command.Parameters[1].Value = args.idleExpiresAt.ToUnixTimeMilliseconds();
            command.Parameters[2].Value = args.tokenHash;
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
        => await _database.Run(Delete, tokenHash, static (command, tokenHash) =>
        {
            command.Parameters[0].Value = tokenHash;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
        => await _database.Run(DeleteById, (userId, sessionId), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = args.sessionId;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
        => _database.Run(DeleteAll, (userId, exceptTokenHash), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = (object?)args.exceptTokenHash ?? DBNull.Value;
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
        => _database.Run(List, (userId, now, limit), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = args.now.ToUnixTimeMilliseconds();
            command.Parameters[2].Value = args.limit;
            var sessions = new List<SessionRecord>();
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                sessions.Add(Read(reader));
            }

            return (IReadOnlyList<SessionRecord>)sessions;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
        => _database.Run(Purge, now, static (command, now) =>
        {
            command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Closes the store's connections (when it opened its own file). Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        if (_ownsDatabase)
        {
            _database.Dispose();
        }
    }

    private static SessionRecord Read(SqliteDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        ReadRoles(reader.GetString(3)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)),
        DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8),
        reader.IsDBNull(9) ? null : reader.GetString(9),
        ReadValues(reader.GetString(10)));

    private static IReadOnlyList<string> ReadRoles(string json)
        => json == "[]" ? [] : JsonSerializer.Deserialize(json, SqliteJson.Default.IReadOnlyListString) ?? [];

    private static IReadOnlyDictionary<string, string> ReadValues(string json)
        => json == "{}" ? EmptyValues : JsonSerializer.Deserialize(json, SqliteJson.Default.IReadOnlyDictionaryStringString) ?? EmptyValues;

    private static readonly IReadOnlyDictionary<string, string> EmptyValues = ReadOnlyDictionary<string, string>.Empty;
}
