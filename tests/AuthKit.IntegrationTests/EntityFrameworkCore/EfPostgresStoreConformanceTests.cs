using AuthKit.EntityFrameworkCore;
using AuthKit.IntegrationTests.Stores;
using AuthKit.Sessions.Database;
using Microsoft.EntityFrameworkCore;

namespace AuthKit.IntegrationTests.EntityFrameworkCore;

/// <summary>Contexts on a new database of the shared PostgreSQL server, the schema created once.</summary>
internal sealed class PostgresContexts : IDbContextFactory<TestDbContext>
{
    private readonly DbContextOptions<TestDbContext> _options;

    private PostgresContexts(string connectionString)
    {
        ConnectionString = connectionString;
        _options = new DbContextOptionsBuilder<TestDbContext>().UseNpgsql(connectionString).Options;
    }

    public string ConnectionString { get; }

    public static async Task<PostgresContexts> CreateAsync(PostgresServer? server = null)
    {
        server ??= await PostgresServer.SharedAsync();
        var contexts = new PostgresContexts(await server.NewDatabaseAsync());
        await using var db = contexts.CreateDbContext();
        await db.Database.EnsureCreatedAsync();
        return contexts;
    }

    public TestDbContext CreateDbContext() => new(_options);
}

/// <summary>The session store conformance suite on EF Core with PostgreSQL, unchanged.</summary>
public sealed class EfPostgresSessionStoreConformanceTests : SessionStoreConformanceTests
{
    private PostgresContexts _contexts = null!;

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        _contexts = await PostgresContexts.CreateAsync();
        return new EfSessionStore<TestDbContext>(_contexts);
    }

    protected override async Task<byte[]> ReadEverythingStoredAsync()
    {
        // Every column of every row, as text: what a dump of the table would show.
        await using var connection = new Npgsql.NpgsqlConnection(_contexts.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT string_agg(t::text, '\n') FROM authkit_sessions t";
        return System.Text.Encoding.UTF8.GetBytes((await command.ExecuteScalarAsync()) as string ?? string.Empty);
    }
}

public sealed class EfPostgresRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    protected override async Task<(AuthKit.Sessions.Stateless.ISessionRevocationStore A, AuthKit.Sessions.Stateless.ISessionRevocationStore B)> CreateStoresAsync()
    {
        var contexts = await PostgresContexts.CreateAsync();
        return (new EfRevocationStore<TestDbContext>(contexts, Clock), new EfRevocationStore<TestDbContext>(contexts, Clock));
    }
}

public sealed class EfPostgresThrottleStoreConformanceTests : ThrottleStoreConformanceTests
{
    protected override async Task<AuthKit.Credentials.Throttling.IThrottleStore> CreateStoreAsync()
        => new EfThrottleStore<TestDbContext>(await PostgresContexts.CreateAsync(), Clock);
}

public sealed class EfPostgresOneTimeTokenStoreConformanceTests : OneTimeTokenStoreConformanceTests
{
    protected override async Task<AuthKit.Tokens.IOneTimeTokenStore> CreateStoreAsync()
        => new EfOneTimeTokenStore<TestDbContext>(await PostgresContexts.CreateAsync(), Clock);
}

/// <summary>The passkey store conformance suite on the ready-made EF user store with PostgreSQL, unchanged.</summary>
public sealed class EfPostgresUserPasskeyStoreTests : AuthKit.IntegrationTests.Passkeys.UserPasskeyStoreConformance
{
    private readonly PostgresContexts _contexts = PostgresContexts.CreateAsync().GetAwaiter().GetResult();

    protected override AuthKit.Passkeys.IUserPasskeyStore Store => new EfUserStore<TestDbContext, AuthKitUser>(_contexts, TimeProvider.System);
}

/// <summary>The user store conformance suite on the ready-made EF user store with PostgreSQL, unchanged.</summary>
public sealed class EfPostgresUserStoreConformanceTests : UserStoreConformance
{
    private readonly PostgresContexts _contexts = PostgresContexts.CreateAsync().GetAwaiter().GetResult();

    protected override AuthKit.Credentials.IUserStore Store => new EfUserStore<TestDbContext, AuthKitUser>(_contexts, TimeProvider.System);
}
