namespace AuthKit.Sqlite;

/// <summary>Settings of AuthKit's SQLite stores (database sessions, the stateless revocation list, throttling), which share one file.</summary>
public sealed class SqliteStoreOptions
{
    /// <summary>Gets or sets the SQLite connection string, for example <c>Data Source=auth.db</c>.</summary>
    /// <value>There is no default.</value>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>Gets or sets how long a statement waits for a lock held by another connection before it fails.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
