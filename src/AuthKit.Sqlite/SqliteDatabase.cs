using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sqlite;

/// <summary>
/// The SQLite file AuthKit's stores share: a few open connections, each with its statements compiled once, handed to
/// one call at a time. Compiling a statement costs more than running it, and a session check runs on every secure
/// request. Microsoft.Data.Sqlite does its I/O synchronously (its async methods complete synchronously too), so calls
/// complete synchronously and return completed tasks. The schema is created or upgraded on first use.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly string _connectionString;
    private readonly int _maxIdleConnections;
    private readonly Stack<Connection> _idle = new();
    private readonly Lock _gate = new();
    private readonly Lock _initialise = new();
    private volatile bool _ready;
    private bool _disposed;

    public SqliteDatabase(IOptions<SqliteStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        if (string.IsNullOrWhiteSpace(settings.ConnectionString))
        {
            throw new InvalidOperationException("AuthKit.Sqlite needs a connection string: call UseSqlite(\"Data Source=auth.db\") on the AuthKit builder.");
        }

        // The database pools its own connections (with their compiled statements), so Microsoft.Data.Sqlite's pool
        // would only keep closed files open.
        _connectionString = new SqliteConnectionStringBuilder(settings.ConnectionString)
        {
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(settings.BusyTimeout.TotalSeconds)),
        }.ToString();
        _maxIdleConnections = Math.Max(2, Environment.ProcessorCount * 2);
    }

    /// <summary>Runs <paramref name="statement"/> (and any others <paramref name="execute"/> asks the connection for) on one connection.</summary>
    public Task<TResult> Run<TState, TResult>(Statement statement, TState state, Func<Connection, SqliteCommand, TState, TResult> execute, CancellationToken cancellationToken)
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

    public Task<TResult> Run<TState, TResult>(Statement statement, TState state, Func<SqliteCommand, TState, TResult> execute, CancellationToken cancellationToken)
        => Run(statement, (state, execute), static (_, command, args) => args.execute(command, args.state), cancellationToken);

    /// <summary>Closes the connections. Calls made afterwards throw <see cref="ObjectDisposedException"/>.</summary>
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

    /// <summary>A statement a store runs: its slot in every connection's cache (given out in order), its SQL and its parameters in order.</summary>
    internal sealed class Statement
    {
        private static int s_next;

        public Statement(string sql, params string[] parameters)
        {
            Slot = Interlocked.Increment(ref s_next) - 1;
            Sql = sql;
            Parameters = parameters;
        }

        public int Slot { get; }

        public string Sql { get; }

        public string[] Parameters { get; }
    }

    /// <summary>An open connection and the statements compiled on it so far.</summary>
    internal sealed class Connection : IDisposable
    {
        private SqliteCommand?[] _commands = new SqliteCommand?[16];

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
            if (statement.Slot < _commands.Length && _commands[statement.Slot] is { } prepared)
            {
                return prepared;
            }

            if (statement.Slot >= _commands.Length)
            {
                Array.Resize(ref _commands, Math.Max(statement.Slot + 1, _commands.Length * 2));
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
