using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace AuthKit.Testing.Mail;

/// <summary>
/// A real SMTP server for the email tests: smtp4dev (dotnet tool <c>Rnwood.Smtp4dev</c> 3.15.0) on free loopback ports,
/// with an in-memory database, read through its HTTP API. <c>./build.sh test</c> installs the tool and names it in
/// <c>AUTHKIT_SMTP4DEV</c>; without it the tests install it into <c>artifacts/tools</c> themselves. The outage test
/// stops and restarts one on the same port.
/// </summary>
public sealed partial class Smtp4devServer : IAsyncDisposable
{
    public const string Variable = "AUTHKIT_SMTP4DEV";
    private const string ToolVersion = "3.15.0";

    private static readonly SemaphoreSlim InstallLock = new(1, 1);
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-smtp4dev-").FullName;
    private readonly HttpClient _api;
    private Process? _process;

    private Smtp4devServer(int smtpPort, int apiPort)
    {
        SmtpPort = smtpPort;
        ApiPort = apiPort;
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}/") };
    }

    public int SmtpPort { get; }

    public int ApiPort { get; }

    /// <summary>The settings that point the test app's <c>UseSmtp</c> at this server.</summary>
    public IDictionary<string, string?> AppSettings => new Dictionary<string, string?>
    {
        ["Email:Enabled"] = "true",
        ["AuthKit:Smtp:Host"] = "127.0.0.1",
        ["AuthKit:Smtp:Port"] = SmtpPort.ToString(CultureInfo.InvariantCulture),
        ["AuthKit:Smtp:Security"] = "None",
        ["AuthKit:Smtp:From"] = "AuthKit tests <no-reply@authkit.test>",
    };

    public static async Task<Smtp4devServer> StartNewAsync()
    {
        var server = new Smtp4devServer(FreePort(), FreePort());
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        var executable = await FindOrInstallAsync();
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--smtpport={SmtpPort}",
            "--imapport=0",
            "--pop3port=0",
            $"--urls=http://127.0.0.1:{ApiPort}",
            "--db=",
            "--nousersettings",
            $"--baseappdatapath={_directory}",
            "--bindaddress=127.0.0.1",
            "--hostname=localhost",
            "--messagestokeep=100000",
            "--sessionstokeep=10",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("smtp4dev did not start.");
        _process.OutputDataReceived += static (_, _) => { };
        _process.ErrorDataReceived += static (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        // Ready when the API answers and the SMTP port accepts connections (bounded: 60 s on a loaded machine).
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"smtp4dev exited with code {_process.ExitCode} (SMTP port {SmtpPort}, API port {ApiPort}).");
            }

            try
            {
                using var response = await _api.GetAsync("api/messages");
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, SmtpPort);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException)
            {
            }

            await Task.Delay(100);
        }

        throw new InvalidOperationException($"smtp4dev did not answer on ports {SmtpPort}/{ApiPort} within 60 s.");
    }

    /// <summary>Kills the server: its SMTP port refuses connections until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        _process?.Dispose();
        _process = null;
    }

    /// <summary>Every message received for <paramref name="address"/> so far, oldest first.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> MessagesToAsync(string address)
    {
        var page = await _api.GetFromJsonAsync<MessagePage>("api/messages?pageSize=100000");
        var mails = new List<ReceivedMail>();
        foreach (var summary in page!.Results.Where(m => m.To.Any(t => string.Equals(t, address, StringComparison.OrdinalIgnoreCase))).OrderBy(m => m.ReceivedDate))
        {
            var text = await _api.GetStringAsync($"api/messages/{summary.Id}/plaintext");
            var html = await _api.GetStringAsync($"api/messages/{summary.Id}/html");
            mails.Add(new ReceivedMail(summary.Id, address, summary.Subject, text, html));
        }

        return mails;
    }

    /// <summary>Waits until <paramref name="count"/> messages for the address have arrived, and returns them.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForAsync(string address, int count = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var mails = await MessagesToAsync(address);
            if (mails.Count >= count)
            {
                return mails;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Expected {count} message(s) for {address} within the timeout; {mails.Count} arrived.");
            }

            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _api.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: the OS cleans its temp folder otherwise.
        }
    }

    /// <summary>The smtp4dev executable: named by <see cref="Variable"/>, or installed into the repository's artifacts/tools.</summary>
    private static async Task<string> FindOrInstallAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } named)
        {
            return File.Exists(named) ? named : throw new InvalidOperationException($"{Variable} names {named}, which does not exist.");
        }

        var root = RepositoryRoot();
        var toolPath = Path.Combine(root, "artifacts", "tools");
        var executable = Path.Combine(toolPath, "smtp4dev");
        await InstallLock.WaitAsync();
        try
        {
            if (!File.Exists(executable))
            {
                var install = Process.Start(new ProcessStartInfo("dotnet", ["tool", "install", "Rnwood.Smtp4dev", "--version", ToolVersion, "--tool-path", toolPath])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                })!;
                var output = await install.StandardOutput.ReadToEndAsync() + await install.StandardError.ReadToEndAsync();
                await install.WaitForExitAsync();
                if (install.ExitCode != 0 || !File.Exists(executable))
                {
                    throw new InvalidOperationException($"Installing smtp4dev {ToolVersion} into {toolPath} failed: {output}");
                }
            }
        }
        finally
        {
            InstallLock.Release();
        }

        return executable;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "AuthKit.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with AuthKit.sln) was not found above the test binaries.");
    }

    private sealed record MessagePage([property: JsonPropertyName("results")] List<MessageSummary> Results);

    private sealed record MessageSummary(
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("to")] List<string> To,
        [property: JsonPropertyName("subject")] string Subject,
        [property: JsonPropertyName("receivedDate")] DateTimeOffset ReceivedDate);
}

/// <summary>A message as the SMTP server received it.</summary>
public sealed partial record ReceivedMail(string Id, string To, string Subject, string Text, string Html)
{
    /// <summary>The one-time link in the plain-text body.</summary>
    public Uri Link => LinkPattern().Match(Text) is { Success: true } match
        ? new Uri(match.Value)
        : throw new Xunit.Sdk.XunitException($"The message \"{Subject}\" holds no link: {Text}");

    /// <summary>The token in the link's query.</summary>
    public string Token => Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Link.Query)["token"].ToString();

    public bool HasLink => LinkPattern().IsMatch(Text);

    [GeneratedRegex(@"https?://\S+\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex LinkPattern();
}

/// <summary>The smtp4dev server the email tests share (one per test process; each test uses its own addresses).</summary>
public static class TestSmtp
{
    private static readonly Lazy<Task<Smtp4devServer>> s_server = new(async () =>
    {
        var server = await Smtp4devServer.StartNewAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server;
    });

    public static Task<Smtp4devServer> ServerAsync() => s_server.Value;

    /// <summary>An address no other test uses.</summary>
    public static string NewAddress(string name = "user") => $"{name}-{Guid.NewGuid():n}@example.com";
}
