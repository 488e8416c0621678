using AuthKit.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AuthKit.MigrationsApp;

/// <summary>The application's model: its own entity and AuthKit's tables.</summary>
public abstract class AppDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddAuthKit().AddAuthKitUsers<AuthKitUser>();

        // AUTHKIT_TEST_MODEL=previous stands for an app built on an earlier AuthKit, before it had one-time tokens: the
        // test's second migration then shows what upgrading AuthKit adds.
        if (Environment.GetEnvironmentVariable("AUTHKIT_TEST_MODEL") == "previous")
        {
            modelBuilder.Ignore<AuthKitTokenRow>();
        }
    }
}

public sealed class Note
{
    public int Id { get; set; }

    public string Text { get; set; } = string.Empty;
}

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options);

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresFactory : IDesignTimeDbContextFactory<PostgresAppDbContext>
{
    public PostgresAppDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(Environment.GetEnvironmentVariable("AUTHKIT_TEST_CONNECTION") ?? "Host=127.0.0.1").Options);
}

public sealed class SqliteFactory : IDesignTimeDbContextFactory<SqliteAppDbContext>
{
    public SqliteAppDbContext CreateDbContext(string[] args)
        => new(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(Environment.GetEnvironmentVariable("AUTHKIT_TEST_CONNECTION") ?? "Data Source=app.db").Options);
}

public static class Program
{
    public static void Main()
    {
    }
}
