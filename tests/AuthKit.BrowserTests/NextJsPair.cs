using System.Diagnostics;
using System.Net;
using System.Text;

namespace AuthKit.BrowserTests;

/// <summary>
/// The pair the Next.js sample documents, on loopback ports: the ASP.NET Core sample (stateless sessions in the Next.js
/// guide's jose cookie, <c>UseNextJsSessions</c>) and samples/AuthKit.NextJs.Sample served by <c>next start</c>, whose
/// proxy rewrites <c>/api/*</c> to the API and checks the same cookie optimistically. The Next.js app is built once
/// (<c>./build.sh test</c> builds it; without a build this fixture runs <c>npm ci</c> and <c>npm run build</c> itself).
/// </summary>
public sealed class NextJsPair : IAsyncLifetime
{
    public const string CookieName = "session";

    /// <summary>The guide's SESSION_SECRET, shared by both apps (the HMAC key is its UTF-8 bytes).</summary>
    public const string Secret = "browser-tests-only-6qFJ2mY0rW8tZ3vK1xN5pL7dS9gH4cB";

    private readonly StringBuilder _output = new();
    private Process? _next;

    public SampleServer Api { get; private set; } = null!;

    /// <summary>The Next.js app's origin, where the browser goes.</summary>
    public string BaseUrl { get; private set; } = null!;

    /// <summary>What the API needs to share the session with the Next.js app at <paramref name="nextOrigin"/>.</summary>
    public static Dictionary<string, string?> ApiSettings(string nextOrigin) => new()
    {
        ["AuthKit:NextJs:Format"] = "Jose",
        ["AuthKit:NextJs:CookieName"] = CookieName,
        ["AuthKit:NextJs:Secret"] = Secret,

        // Links in mail and passkeys name the site the user sees; the API's CSRF check accepts requests from it (the
        // Next.js proxy passes the browser's Origin on).
        ["AuthKit:PublicOrigin"] = nextOrigin,
        ["AuthKit:Csrf:AllowedOrigins:0"] = nextOrigin,
    };

    public async Task InitializeAsync()
    {
        var port = FreePort();
        BaseUrl = $"http://localhost:{port}";
        Api = new SampleServer("Stateless", ApiSettings(BaseUrl));
        await EnsureBuiltAsync();

        var start = new ProcessStartInfo("node", ["node_modules/next/dist/bin/next", "start", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--hostname", "localhost"])
        {
            WorkingDirectory = Repository.NextJsSample,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AUTHKIT_API_ORIGIN"] = Api.BaseUrl;
        start.Environment["SESSION_SECRET"] = Secret;
        start.Environment["SESSION_COOKIE"] = CookieName;
        start.Environment["NEXT_TELEMETRY_DISABLED"] = "1";
        start.Environment["NODE_ENV"] = "production";
        _next = Process.Start(start)!;
        _next.OutputDataReceived += (_, e) => Record(e.Data);
        _next.ErrorDataReceived += (_, e) => Record(e.Data);
        _next.BeginOutputReadLine();
        _next.BeginErrorReadLine();

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_next.HasExited)
            {
                throw new InvalidOperationException($"next start exited with {_next.ExitCode}:\n{Output}");
            }

            try
            {
                if ((await http.GetAsync(BaseUrl + "/")).StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Still starting.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The Next.js sample did not answer on {BaseUrl} within 60 s:\n{Output}");
            }

            await Task.Delay(250);
        }
    }

    public Task DisposeAsync()
    {
        if (_next is { HasExited: false })
        {
            _next.Kill(entireProcessTree: true);
            _next.WaitForExit(10_000);
        }

        _next?.Dispose();
        Api?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>What <c>next start</c> wrote, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }

    // ./build.sh test builds the app before the tests; a developer's plain `dotnet test` gets a build here.
    private static async Task EnsureBuiltAsync()
    {
        var sample = Repository.NextJsSample;
        if (File.Exists(Path.Combine(sample, ".next", "BUILD_ID")))
        {
            return;
        }

        if (!Directory.Exists(Path.Combine(sample, "node_modules")))
        {
            await RunAsync("npm", sample, "ci", "--no-audit", "--no-fund");
        }

        await RunAsync("npm", sample, "run", "build");
    }

    private static async Task RunAsync(string file, string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo(file, arguments) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["NEXT_TELEMETRY_DISABLED"] = "1";
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"{file} could not be started: Node.js and npm are needed for the Next.js sample (./build.sh test installs them).");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed in {directory} ({process.ExitCode}):\n{await output}\n{await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
