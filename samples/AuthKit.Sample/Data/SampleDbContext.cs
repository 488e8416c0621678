using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace AuthKit.Sample.Data;

/// <summary>
/// The sample's EF Core context for <c>Sessions:Store=Postgres</c>: AuthKit's tables (sessions, revocations, throttling,
/// tokens) through AuthKit.EntityFrameworkCore. The sample's users stay in its own SQLite table (Users/), to show that
/// path; an app without a user table would add <c>AddAuthKitUsers&lt;TUser&gt;()</c> here. Its migrations are in
/// Data/Migrations (made with <c>dotnet ef migrations add</c>) and applied at start-up.
/// </summary>
public sealed class SampleDbContext(DbContextOptions<SampleDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddAuthKit();
}

/// <summary>For <c>dotnet ef</c>: the context on PostgreSQL, the connection string from the environment if given.</summary>
public sealed class SampleDbContextFactory : IDesignTimeDbContextFactory<SampleDbContext>
{
    public SampleDbContext CreateDbContext(string[] args) => new(new DbContextOptionsBuilder<SampleDbContext>()
        .UseNpgsql(Environment.GetEnvironmentVariable("ConnectionStrings__Sessions") ?? "Host=127.0.0.1;Username=postgres;Database=authkit_sample")
        .Options);
}
