using AuthKit.Credentials.Throttling;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Stateless;
using AuthKit.Sqlite;
using AuthKit.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit;

/// <summary>Registers the SQLite stores.</summary>
public static class AuthKitSqliteBuilderExtensions
{
    /// <summary>
    /// Keeps AuthKit's state in one SQLite file: database sessions, the stateless revocation list, sign-in throttling and
    /// one-time tokens (mailed links), so a single instance forgets none of them when it restarts, with either session kind.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="connectionString">For example <c>Data Source=auth.db</c>; the file and schema are created on first use.</param>
    /// <param name="configure">Further settings, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseSqlite(this AuthKitBuilder builder, string connectionString, Action<SqliteStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder.Services.Configure<SqliteStoreOptions>(o =>
        {
            o.ConnectionString = connectionString;
            configure?.Invoke(o);
        });
        builder.Services.TryAddSingleton<SqliteDatabase>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionStore>(static services => new SqliteSessionStore(services.GetRequiredService<SqliteDatabase>())));
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionRevocationStore, SqliteSessionRevocationStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IThrottleStore, SqliteThrottleStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IOneTimeTokenStore, SqliteOneTimeTokenStore>());
        return builder;
    }
}
