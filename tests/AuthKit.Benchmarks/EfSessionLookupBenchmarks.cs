using AuthKit.EntityFrameworkCore;
using AuthKit.IntegrationTests.EntityFrameworkCore;
using AuthKit.Sessions.Database;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuthKit.Benchmarks;

/// <summary>
/// One session lookup by token hash on PostgreSQL (a private cluster on loopback, 10,000 sessions): AuthKit's EF Core
/// store (a context per call from a pooled factory, the compiled query) against the floor, a raw Npgsql query of the
/// same row (a pooled data source, a prepared statement, the same columns). Target: EF within 1.5× the raw one.
/// </summary>
[MemoryDiagnoser]
public class EfSessionLookupBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private PostgresServer _server = null!;
    private NpgsqlDataSource _raw = null!;
    private EfSessionStore<BenchDbContext> _ef = null!;
    private string _hash = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        // Both sides on the same connection string, with Npgsql's automatic preparation (docs/entity-framework.md
        // recommends it): the comparison is EF's own cost, not prepared against unprepared statements.
        var connectionString = await _server.NewDatabaseAsync() + ";Max Auto Prepare=20;Auto Prepare Min Usages=2;No Reset On Close=true";
        var services = new Microsoft.Extensions.DependencyInjection.ServiceCollection()
            .AddPooledDbContextFactory<BenchDbContext>(o => o.UseNpgsql(connectionString))
            .BuildServiceProvider();
        var factory = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<IDbContextFactory<BenchDbContext>>(services);
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.EnsureCreatedAsync();
        }

        _ef = new EfSessionStore<BenchDbContext>(factory);
        for (var i = 0; i < 10_000; i++)
        {
            await _ef.CreateAsync(new SessionRecord(
                $"hash-{i:D6}-{new string('x', 36)}", $"id-{i:D6}", $"user-{i % 1000:D4}", ["admin", "editor"],
                Now, Now, Now.AddDays(7), Now.AddDays(30), "Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7", new Dictionary<string, string>()), 1000, default);
        }

        _hash = $"hash-{4242:D6}-{new string('x', 36)}";
        _raw = new NpgsqlDataSourceBuilder(connectionString).Build();
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _raw.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Benchmark(Baseline = true, Description = "Raw Npgsql: find by token hash")]
    public async Task<SessionRecord?> RawFind()
    {
        await using var command = _raw.CreateCommand(
            "SELECT token_hash, id, user_id, roles, created_at, last_seen_at, idle_expires_at, absolute_expires_at, user_agent, client_ip, \"values\" FROM authkit_sessions WHERE token_hash = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = _hash });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        return new SessionRecord(
            reader.GetString(0), reader.GetString(1), reader.GetString(2),
            System.Text.Json.JsonSerializer.Deserialize<string[]>(reader.GetString(3)) ?? [],
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(6)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
            reader.IsDBNull(8) ? null : reader.GetString(8), reader.IsDBNull(9) ? null : reader.GetString(9),
            System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(10)) ?? []);
    }

    [Benchmark(Description = "EF Core store: find by token hash")]
    public Task<SessionRecord?> EfFind() => _ef.FindAsync(_hash, default);

    /// <summary>The app's context as docs/entity-framework.md shows it.</summary>
    public sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddAuthKit();
    }
}
