using System.Collections.ObjectModel;
using System.Text.Json;
using AuthKit.Sessions.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sqlite;

/// <summary>
/// An <see cref="ISessionStore"/> on SQLite (Microsoft.Data.Sqlite): WAL mode, a busy timeout, a versioned
/// schema created on first use, indexes on token hash (primary key) and user id. Only token hashes are stored.
/// </summary>
/// <remarks>
/// The store keeps a few open connections, each with its statements compiled once, and hands one to each call:
/// compiling a statement costs more than running it, and a session check runs on every secure request.
/// Microsoft.Data.Sqlite does its I/O synchronously (its async methods complete synchronously too), so calls
/// complete synchronously and return completed tasks. Dispose the store (the DI container does) to close the files.
/// </remarks>
public sealed class SqliteSessionStore : ISessionStore, IDisposable
{
    private const string Columns = "token_hash, id, user_id, roles, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, client_ip, session_values";

    private static readonly Statement Insert = new(0, $"INSERT INTO authkit_sessions ({Columns}) VALUES ($hash, $id, $user, $roles, $created, $seen, $idle, $absolute, $agent, $ip, $values)", "$hash", "$id", "$user", "$roles", "$created", "$seen", "$idle", "$absolute", "$agent", "$ip", "$values");
    private static readonly Statement Find = new(1, $"SELECT {Columns} FROM authkit_sessions WHERE token_hash = $hash", "$hash");
    private static readonly Statement Touch = new(2, "UPDATE authkit_sessions SET last_seen_at = $seen, idle_expires_at = MIN($idle, absolute_expires_at) WHERE token_hash = $hash", "$seen", "$idle", "$hash");
    private static readonly Statement Delete = new(3, "DELETE FROM authkit_sessions WHERE token_hash = $hash", "$hash");
    private static readonly Statement DeleteById = new(4, "DELETE FROM authkit_sessions WHERE user_id = $user AND id = $id", "$user", "$id");
    private static readonly Statement DeleteAll = new(5, "DELETE FROM authkit_sessions WHERE user_id = $user AND ($except IS NULL OR token_hash <> $except)", "$user", "$except");
    private static readonly Statement List = new(6, $"SELECT {Columns} FROM authkit_sessions WHERE user_id = $user AND idle_expires_at > $now AND absolute_expires_at > $now ORDER BY created_at DESC LIMIT $limit", "$user", "$now", "$limit");
    private static readonly Statement Purge = new(7, "DELETE FROM authkit_sessions WHERE idle_expires_at <= $now OR absolute_expires_at <= $now", "$now");

    // Keeps the user's newest sessions, the one just created first whatever its clock says. It runs after the insert as
    // its own statement: two sign-ins racing each end with at most the limit, since each keeps only the newest ones.
    private static readonly Statement Evict = new(8, "DELETE FROM authkit_sessions WHERE token_hash IN (SELECT token_hash FROM authkit_sessions WHERE user_id = $user ORDER BY token_hash = $hash DESC, created_at DESC, token_hash LIMIT -1 OFFSET $max)", "$user", "$hash", "$max");
    private const int StatementCount = 9;

    private readonly string _connectionString;
    private readonly int _maxIdleConnections;
    private readonly Stack<Connection> _idle = new();
    private readonly Lock _gate = new();
    private readonly Lock _initialise = new();
    private volatile bool _ready;
    private bool _disposed;

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

        // The store pools its own connections (with their compiled statements), so Microsoft.Data.Sqlite's pool
        // would only keep closed files open.
        _connectionString = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();
        _maxIdleConnections = Math.Max(2, Environment.ProcessorCount * 2);
    }

    /// <inheritdoc />
    public Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerUser, 1);
        return Run(Insert, (session, maxSessionsPerUser), static (connection, command, args) =>
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
        => Run(Find, tokenHash, static (command, tokenHash) =>
        {
            command.Parameters[0].Value = tokenHash;
            using var reader = command.ExecuteReader();
            return reader.Read() ? Read(reader) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
        => Run(Touch, (tokenHash, lastSeenAt, idleExpiresAt), static (command, args) =>
        {
            command.Parameters[0].Value = args.lastSeenAt.ToUnixTimeMilliseconds();
            command.Parameters[1].Value = args.idleExpiresAt.ToUnixTimeMilliseconds();
            command.Parameters[2].Value = args.tokenHash;
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
        => await Run(Delete, tokenHash, static (command, tokenHash) =>
        {
            command.Parameters[0].Value = tokenHash;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public async Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
        => await Run(DeleteById, (userId, sessionId), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = args.sessionId;
            return command.ExecuteNonQuery();
        }, cancellationToken).ConfigureAwait(false) > 0;

    /// <inheritdoc />
    public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
        => Run(DeleteAll, (userId, exceptTokenHash), static (command, args) =>
        {
            command.Parameters[0].Value = args.userId;
            command.Parameters[1].Value = (object?)args.exceptTokenHash ?? DBNull.Value;
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
        => Run(List, (userId, now, limit), static (command, args) =>
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
        => Run(Purge, now, static (command, now) =>
        {
            command.Parameters[0].Value = now.ToUnixTimeMilliseconds();
            return command.ExecuteNonQuery();
        }, cancellationToken);

    /// <summary>Closes the store's connections. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            while (_idle.TryPop(out var connection))
            {
                connection.Dispose();
            }
        }
    }

    private Task<TResult> Run<TState, TResult>(Statement statement, TState state, Func<SqliteCommand, TState, TResult> execute, CancellationToken cancellationToken)
        => Run(statement, (state, execute), static (_, command, args) => args.execute(command, args.state), cancellationToken);

    private Task<TResult> Run<TState, TResult>(Statement statement, TState state, Func<Connection, SqliteCommand, TState, TResult> execute, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TResult>(cancellationToken);
        }

        Connection? connection = null;
        try
        {
            connection = Rent();
            var result = execute(connection, connection.Command(statement), state);
            Return(connection);
            return Task.FromResult(result);
        }
        catch (Exception exception)
        {
            // A connection that failed (busy, I/O, a schema error) is closed rather than reused.
            connection?.Dispose();
            return Task.FromException<TResult>(exception);
        }
    }

    private Connection Rent()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_idle.TryPop(out var idle))
            {
                return idle;
            }
        }

        var connection = new Connection(_connectionString);
        try
        {
            if (!_ready)
            {
                Initialise(connection.Sqlite);
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void Return(Connection connection)
    {
        lock (_gate)
        {
            if (!_disposed && _idle.Count < _maxIdleConnections)
            {
                _idle.Push(connection);
                return;
            }
        }

        connection.Dispose();
    }

    private void Initialise(SqliteConnection connection)
    {
        lock (_initialise)
        {
            if (!_ready)
            {
                SqliteSchema.Apply(connection);
                _ready = true;
            }
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

    /// <summary>A statement the store runs: its slot in a connection's cache, its SQL and its parameters in order.</summary>
    private sealed record Statement(int Slot, string Sql, params string[] Parameters);

    /// <summary>An open connection and the statements compiled on it so far.</summary>
    private sealed class Connection : IDisposable
    {
        private readonly SqliteCommand?[] _commands = new SqliteCommand?[StatementCount];

        public Connection(string connectionString)
        {
            Sqlite = new SqliteConnection(connectionString);
            try
            {
                Sqlite.Open();
            }
            catch
            {
                Sqlite.Dispose();
                throw;
            }
        }

        public SqliteConnection Sqlite { get; }

        public SqliteCommand Command(Statement statement)
        {
            if (_commands[statement.Slot] is { } prepared)
            {
                return prepared;
            }

            var command = Sqlite.CreateCommand();
            command.CommandText = statement.Sql;
            foreach (var name in statement.Parameters)
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name, Value = DBNull.Value });
            }

            command.Prepare();
            return _commands[statement.Slot] = command;
        }

        public void Dispose()
        {
            foreach (var command in _commands)
            {
                command?.Dispose();
            }

            Sqlite.Dispose();
        }
    }
}
