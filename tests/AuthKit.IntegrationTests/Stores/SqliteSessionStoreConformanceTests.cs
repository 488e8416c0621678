using AuthKit.Sessions.Database;
using AuthKit.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>The conformance suite against a SQLite file (not <c>:memory:</c>).</summary>
public sealed class SqliteSessionStoreConformanceTests : SessionStoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-sqlite-").FullName;

    private string DatabasePath => Path.Combine(_directory, "sessions.db");

    protected override Task<ISessionStore> CreateStoreAsync()
        => Task.FromResult<ISessionStore>(new SqliteSessionStore(Options.Create(new SqliteStoreOptions { ConnectionString = $"Data Source={DatabasePath}" })));

    protected override Task<byte[]> ReadEverythingStoredAsync() => Task.FromResult(ReadSqliteFiles(DatabasePath));

    /// <summary>The main file, the write-ahead log and the rollback journal, read while the store's connections stay open.</summary>
    internal static byte[] ReadSqliteFiles(string databasePath)
    {
        var bytes = new List<byte>();
        foreach (var path in new[] { databasePath, databasePath + "-wal", databasePath + "-journal" })
        {
            if (File.Exists(path))
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                bytes.AddRange(memory.ToArray());
            }
        }

        return [.. bytes];
    }

    [Fact]
    public async Task Schema_IsVersionedAndUsesWal()
    {
        await Store.ListAsync("anyone", Now, 1000, default);

        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version; PRAGMA journal_mode;";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        reader.GetInt64(0).Should().Be(SqliteSchema.CurrentVersion);
        await reader.NextResultAsync();
        await reader.ReadAsync();
        reader.GetString(0).Should().Be("wal");
    }

    [Fact]
    public async Task Schema_HasIndexesOnTokenHashAndUserId()
    {
        await Store.ListAsync("anyone", Now, 1000, default);

        (await QueryPlanAsync("SELECT * FROM authkit_sessions WHERE user_id = 'x'")).Should().Contain("ix_authkit_sessions_user_id");
        (await QueryPlanAsync("SELECT * FROM authkit_sessions WHERE token_hash = 'x'")).Should().Contain("PRIMARY KEY");
    }

    private async Task<string> QueryPlanAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.GetString(3);
    }

    [Fact]
    public async Task NewerSchemaVersion_IsRefusedWithAClearMessage()
    {
        await using (var connection = new SqliteConnection($"Data Source={DatabasePath}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version = 99;";
            await command.ExecuteNonQueryAsync();
        }

        var act = () => Store.ListAsync("anyone", Now, 1000, default);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.Message.Should().Contain("schema version 99");
    }

    [Fact]
    public async Task AFailedStatement_LeavesTheStoreWorking()
    {
        var record = Record();
        await Store.CreateAsync(record, 1000, default);

        // The same token hash twice breaks the primary key; the connection that failed is closed, not reused.
        var duplicate = () => Store.CreateAsync(record with { Id = "id-other" }, 1000, default);
        await duplicate.Should().ThrowAsync<SqliteException>();

        (await Store.FindAsync(record.TokenHash, default)).Should().NotBeNull();
        (await Store.DeleteAsync(record.TokenHash, default)).Should().BeTrue();
    }

    [Fact]
    public async Task AfterDispose_CallsAreRefused_AndTheFileIsReleased()
    {
        var record = Record();
        await Store.CreateAsync(record, 1000, default);

        ((SqliteSessionStore)Store).Dispose();

        var find = () => Store.FindAsync(record.TokenHash, default);
        await find.Should().ThrowAsync<ObjectDisposedException>();

        // With every connection closed, SQLite checkpoints and removes the write-ahead log.
        File.Exists(DatabasePath + "-wal").Should().BeFalse();
    }

    [Fact]
    public async Task ACancelledCall_DoesNothing()
    {
        var record = Record();

        var create = () => Store.CreateAsync(record, 1000, new CancellationToken(canceled: true));

        await create.Should().ThrowAsync<OperationCanceledException>();
        (await Store.FindAsync(record.TokenHash, default)).Should().BeNull();
    }

    public override Task DisposeAsync()
    {
        ((SqliteSessionStore)Store).Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the temp folder is cleaned by the OS otherwise.
        }

        return Task.CompletedTask;
    }
}
