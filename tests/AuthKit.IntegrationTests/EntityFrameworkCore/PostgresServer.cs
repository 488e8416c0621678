using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace AuthKit.IntegrationTests.EntityFrameworkCore;

/// <summary>
/// A private PostgreSQL cluster for the tests: Debian's PostgreSQL (installed by <c>./build.sh test</c>), initialised
/// with <c>initdb</c> in a temporary folder, trust authentication, listening on a free loopback port, run as the
/// <c>postgres</c> user (PostgreSQL refuses root). One is shared by the conformance suites; the outage test starts its own
/// and stops and starts it mid-run. Without PostgreSQL the tests fail, saying how to install it.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private static readonly Lazy<Task<PostgresServer>> s_shared = new(() => StartNewAsync());
    private readonly string _directory;
    private readonly string _bin;

    private PostgresServer(string bin, string directory, int port)
    {
        _bin = bin;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Gets the connection string of the <c>postgres</c> database (for creating test databases).</summary>
    public string AdminConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Pooling=false";

    public static Task<PostgresServer> SharedAsync() => s_shared.Value;

    public static async Task<PostgresServer> StartNewAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("PostgreSQL is not installed: install it (apt-get install postgresql) or run ./build.sh test, which does.");
        }

        var directory = Directory.CreateTempSubdirectory("authkit-pg-").FullName;
        await RunAsync("chown", "postgres:postgres", directory);
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var server = new PostgresServer(bin, directory, port);
        await server.AsPostgresAsync("initdb", "-D", server.Data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
        await server.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    }

    private string Data => Path.Combine(_directory, "data");

    public Task StartAsync() => AsPostgresAsync(
        "pg_ctl", "-D", Data, "-w", "-l", Path.Combine(_directory, "log"),
        "-o", $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=1000", "start");

    public Task StopAsync() => AsPostgresAsync("pg_ctl", "-D", Data, "-w", "-m", "fast", "stop");

    /// <summary>A new empty database on the server; its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        var name = "authkit_" + Guid.NewGuid().ToString("n");
        await using var connection = new Npgsql.NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"CREATE DATABASE {name}";
        await command.ExecuteNonQueryAsync();
        // Many suites run in parallel, each on its own database (its own pool): small idle lifetimes give connections
        // back soon, and 64 per pool is enough for the 64-way tests.
        return $"Host=127.0.0.1;Port={Port};Username=postgres;Database={name};Timeout=5;Command Timeout=10;Maximum Pool Size=64;Connection Idle Lifetime=2;Connection Pruning Interval=1";
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] arguments)
        => RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments]);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }
}
