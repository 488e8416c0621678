using AuthKit.Sessions.Database;
using AuthKit.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit;

/// <summary>Registers the SQLite stores.</summary>
public static class AuthKitSqliteBuilderExtensions
{
    /// <summary>Stores database sessions in SQLite. Use with <c>AddDatabaseSessions()</c>.</summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="connectionString">For example <c>Data Source=auth.db</c>; the file and schema are created on first use.</param>
    /// <param name="configure">Further settings, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseSqlite(this AuthKitBuilder builder, string connectionString, Action<SqliteSessionStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<SqliteSessionStoreOptions>(o =>
        {
            o.ConnectionString = connectionString;
            configure?.Invoke(o);
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionStore, SqliteSessionStore>());
        return builder;
    }
}
