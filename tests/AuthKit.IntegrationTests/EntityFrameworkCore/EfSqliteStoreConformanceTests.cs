using AuthKit.EntityFrameworkCore;
using AuthKit.IntegrationTests.Stores;
using AuthKit.Sessions.Database;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace AuthKit.IntegrationTests.EntityFrameworkCore;

/// <summary>A context as an application writes it: its own model plus AuthKit's tables.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddAuthKit().AddAuthKitUsers<AuthKitUser>();
}

/// <summary>Contexts on one SQLite file, the schema created once.</summary>
internal sealed class SqliteContexts : IDbContextFactory<TestDbContext>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-ef-").FullName;
    private readonly DbContextOptions<TestDbContext> _options;

    public SqliteContexts()
    {
        Path = System.IO.Path.Combine(_directory, "app.db");
        _options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite($"Data Source={Path}").Options;
        using var db = CreateDbContext();
        db.Database.EnsureCreated();
    }

    public string Path { get; }

    public TestDbContext CreateDbContext() => new(_options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The session store conformance suite on EF Core with SQLite, unchanged.</summary>
public sealed class EfSqliteSessionStoreConformanceTests : SessionStoreConformanceTests, IDisposable
{
    private readonly SqliteContexts _contexts = new();

    protected override Task<ISessionStore> CreateStoreAsync() => Task.FromResult<ISessionStore>(new EfSessionStore<TestDbContext>(_contexts));

    protected override Task<byte[]> ReadEverythingStoredAsync() => Task.FromResult(SqliteSessionStoreConformanceTests.ReadSqliteFiles(_contexts.Path));

    public void Dispose() => _contexts.Dispose();
}

/// <summary>The revocation store conformance suite on EF Core with SQLite: two stores on one database, unchanged.</summary>
public sealed class EfSqliteRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    private readonly SqliteContexts _contexts = new();

    protected override Task<(AuthKit.Sessions.Stateless.ISessionRevocationStore A, AuthKit.Sessions.Stateless.ISessionRevocationStore B)> CreateStoresAsync()
        => Task.FromResult<(AuthKit.Sessions.Stateless.ISessionRevocationStore, AuthKit.Sessions.Stateless.ISessionRevocationStore)>(
            (new EfRevocationStore<TestDbContext>(_contexts, Clock), new EfRevocationStore<TestDbContext>(_contexts, Clock)));

    public override Task DisposeAsync()
    {
        _contexts.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The throttle store conformance suite (concurrent counting included) on EF Core with SQLite, unchanged.</summary>
public sealed class EfSqliteThrottleStoreConformanceTests : ThrottleStoreConformanceTests
{
    private readonly SqliteContexts _contexts = new();

    protected override Task<AuthKit.Credentials.Throttling.IThrottleStore> CreateStoreAsync()
        => Task.FromResult<AuthKit.Credentials.Throttling.IThrottleStore>(new EfThrottleStore<TestDbContext>(_contexts, Clock));

    public override Task DisposeAsync()
    {
        _contexts.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The one-time token store conformance suite (concurrent consumption included) on EF Core with SQLite, unchanged.</summary>
public sealed class EfSqliteOneTimeTokenStoreConformanceTests : OneTimeTokenStoreConformanceTests
{
    private readonly SqliteContexts _contexts = new();

    protected override Task<AuthKit.Tokens.IOneTimeTokenStore> CreateStoreAsync()
        => Task.FromResult<AuthKit.Tokens.IOneTimeTokenStore>(new EfOneTimeTokenStore<TestDbContext>(_contexts, Clock));

    public override Task DisposeAsync()
    {
        _contexts.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>The passkey store conformance suite on the ready-made EF user store with SQLite, unchanged.</summary>
public sealed class EfSqliteUserPasskeyStoreTests : AuthKit.IntegrationTests.Passkeys.UserPasskeyStoreConformance, IDisposable
{
    private readonly SqliteContexts _contexts = new();

    protected override AuthKit.Passkeys.IUserPasskeyStore Store => new EfUserStore<TestDbContext, AuthKitUser>(_contexts, TimeProvider.System);

    public void Dispose() => _contexts.Dispose();
}

/// <summary>The user store conformance suite on the ready-made EF user store with SQLite, unchanged.</summary>
public sealed class EfSqliteUserStoreConformanceTests : UserStoreConformance, IDisposable
{
    private readonly SqliteContexts _contexts = new();

    protected override AuthKit.Credentials.IUserStore Store => new EfUserStore<TestDbContext, AuthKitUser>(_contexts, TimeProvider.System);

    public void Dispose() => _contexts.Dispose();
}
