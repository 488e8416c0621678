using AuthKit.Sessions.Database;
using AuthKit.Sqlite;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;

namespace AuthKit.Benchmarks;

/// <summary>
/// One session lookup by token hash, the store call behind every secure check of a database session: the
/// in-memory store (the floor) and the SQLite store on a file with 10,000 sessions.
/// </summary>
[MemoryDiagnoser]
public class SessionStoreBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private InMemorySessionStore _memory = null!;
    private SqliteSessionStore _sqlite = null!;
    private string _directory = null!;
    private string _hash = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("authkit-store-bench-").FullName;
        _memory = new InMemorySessionStore();
        _sqlite = new SqliteSessionStore(Options.Create(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "sessions.db")}" }));
        for (var i = 0; i < 10_000; i++)
        {
            var record = new SessionRecord(
                $"hash-{i:D6}-{new string('x', 36)}", $"id-{i:D6}", $"user-{i % 1000:D4}", ["admin", "editor"],
                Now, Now, Now.AddDays(7), Now.AddDays(30), "Mozilla/5.0 (X11; Linux x86_64)", "203.0.113.7", new Dictionary<string, string>());
            await _memory.CreateAsync(record, 1000, default);
            await _sqlite.CreateAsync(record, 1000, default);
        }

        _hash = $"hash-{4242:D6}-{new string('x', 36)}";
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _sqlite.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "In-memory store: find by token hash")]
    public Task<SessionRecord?> InMemoryFind() => _memory.FindAsync(_hash, default);

    [Benchmark(Description = "SQLite store: find by token hash")]
    public Task<SessionRecord?> SqliteFind() => _sqlite.FindAsync(_hash, default);
}
