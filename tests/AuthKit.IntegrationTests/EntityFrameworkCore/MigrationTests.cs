using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace AuthKit.IntegrationTests.EntityFrameworkCore;

/// <summary>
/// The migrations step of docs/entity-framework.md, run for real: <c>dotnet ef migrations add</c> on an application's
/// data project (tests/ef-migrations: its own entity plus AuthKit's tables, one context per provider) applies cleanly to
/// an empty PostgreSQL and an empty SQLite database, and a second migration after an AuthKit model change (the app was
/// built on an AuthKit without one-time tokens) only adds.
/// </summary>
public sealed class MigrationTests
{
    private static readonly string[] Destructive = ["DropTable", "DropColumn", "AlterColumn", "RenameColumn", "RenameTable", "DropIndex", "DropPrimaryKey"];

    [Fact]
    public async Task Migrations_ApplyToEmptyDatabases_AndAnAuthKitUpgradeOnlyAdds()
    {
        var project = ProjectFolder();
        var generated = Path.Combine(project, "Generated");
        if (Directory.Exists(generated))
        {
            Directory.Delete(generated, recursive: true);
        }

        // dotnet ef reads the project's metadata before it builds: a fresh clone needs the restore first.
        await RunAsync("dotnet", null, null, "restore", project);

        var postgres = await (await PostgresServer.SharedAsync()).NewDatabaseAsync();
        var sqliteFile = Path.Combine(Directory.CreateTempSubdirectory("authkit-migrations-").FullName, "app.db");
        var sqlite = $"Data Source={sqliteFile}";

        // The app as first built: the initial migration, applied to empty databases.
        await EfAsync(project, "previous", null, "migrations", "add", "Initial", "--context", "PostgresAppDbContext", "--output-dir", "Generated/Postgres");
        await EfAsync(project, "previous", null, "migrations", "add", "Initial", "--context", "SqliteAppDbContext", "--output-dir", "Generated/Sqlite");
        await EfAsync(project, "previous", postgres, "database", "update", "--context", "PostgresAppDbContext");
        await EfAsync(project, "previous", sqlite, "database", "update", "--context", "SqliteAppDbContext", "--no-build");
        (await PostgresTablesAsync(postgres)).Should().Contain(["authkit_sessions", "authkit_users", "authkit_user_passkeys", "Notes"]).And.NotContain("authkit_tokens");
        SqliteTables(sqliteFile).Should().Contain(["authkit_sessions", "authkit_users", "authkit_user_passkeys", "Notes"]).And.NotContain("authkit_tokens");

        // AuthKit upgraded: the next migration adds its new table and touches nothing that exists.
        await EfAsync(project, null, null, "migrations", "add", "AuthKitUpgrade", "--context", "PostgresAppDbContext", "--output-dir", "Generated/Postgres");
        await EfAsync(project, null, null, "migrations", "add", "AuthKitUpgrade", "--context", "SqliteAppDbContext", "--output-dir", "Generated/Sqlite");
        foreach (var provider in new[] { "Postgres", "Sqlite" })
        {
            var upgrade = File.ReadAllText(Directory.GetFiles(Path.Combine(generated, provider), "*_AuthKitUpgrade.cs").Single());
            var up = upgrade[..upgrade.IndexOf("protected override void Down", StringComparison.Ordinal)];
            up.Should().Contain("CreateTable(").And.Contain("\"authkit_tokens\"");
            foreach (var operation in Destructive)
            {
                up.Should().NotContain(operation, $"upgrading AuthKit must only add ({provider})");
            }
        }

        await EfAsync(project, null, postgres, "database", "update", "--context", "PostgresAppDbContext");
        await EfAsync(project, null, sqlite, "database", "update", "--context", "SqliteAppDbContext", "--no-build");
        (await PostgresTablesAsync(postgres)).Should().Contain("authkit_tokens");
        SqliteTables(sqliteFile).Should().Contain("authkit_tokens");
        SqliteConnection.ClearAllPools();
    }

    private static Task EfAsync(string project, string? model, string? connection, params string[] arguments)
        => RunAsync(Environment.GetEnvironmentVariable("AUTHKIT_DOTNET_EF") is { Length: > 0 } path ? path : "dotnet-ef", model, connection, [.. arguments, "--project", project]);

    private static async Task RunAsync(string tool, string? model, string? connection, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AUTHKIT_TEST_MODEL"] = model ?? "current";
        if (connection is not null)
        {
            start.Environment["AUTHKIT_TEST_CONNECTION"] = connection;
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException($"{tool} is not installed: run ./build.sh test (it installs dotnet-ef into artifacts/tools and names it in AUTHKIT_DOTNET_EF).");
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            process.ExitCode.Should().Be(0, $"{tool} {string.Join(' ', arguments)}: {await output} {await error}");
        }
    }

    private static async Task<List<string>> PostgresTablesAsync(string connectionString)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'";
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static List<string> SqliteTables(string file)
    {
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
        var tables = new List<string>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            tables.Add(reader.GetString(0));
        }

        return tables;
    }

    private static string ProjectFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthKit.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "ef-migrations");
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }
}
