using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace AuthKit.Testing.External;

/// <summary>
/// A real OpenID Connect provider for the external sign-in tests: panva's oidc-provider (tests/oidc-provider, installed
/// by <c>./build.sh test</c> with <c>npm ci</c> from its lockfile), started once under node on a free loopback port and
/// stopped with the test process. Without node or the installed package the tests fail, saying how to install them.
/// Shared by the integration tests and (linked) the browser tests.
/// </summary>
public sealed partial class OidcProvider
{
    private static readonly Lazy<Task<OidcProvider>> s_shared = new(StartAsync);
    private OidcProvider(string issuer)
    {
        Issuer = issuer;
    }

    public string Issuer { get; }

    public static Task<OidcProvider> SharedAsync() => s_shared.Value;

    /// <summary>
    /// Drives the provider's own pages as a browser would, from the authorization request (the app's redirect) to the
    /// redirect back to the app, signing in as <paramref name="login"/> (see server.mjs: "name;email;verified[;mfa]"; with
    /// ";mfa" the login is posted with <c>?mfa=1</c> and the provider reports amr ["pwd", "mfa"]).
    /// <paramref name="abort"/> cancels at the login page instead (the provider answers <c>access_denied</c>).
    /// </summary>
    public async Task<Uri> AuthorizeAsync(Uri authorize, string login, bool abort = false)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        var next = authorize;
        for (var hop = 0; hop < 20; hop++)
        {
            if (!next.AbsoluteUri.StartsWith(Issuer, StringComparison.Ordinal))
            {
                return next; // back to the app
            }

            using var response = await browser.GetAsync(next);
            if ((int)response.StatusCode is >= 300 and < 400)
            {
                next = new Uri(next, response.Headers.Location!);
                continue;
            }

            var page = await response.Content.ReadAsStringAsync();
            response.StatusCode.Should().Be(HttpStatusCode.OK, page);
            var interaction = InteractionPath().Match(next.AbsolutePath);
            interaction.Success.Should().BeTrue($"the provider showed {next} instead of an interaction: {page}");
            if (abort)
            {
                next = new Uri(next, next.AbsolutePath + "/abort");
                continue;
            }

            var loginPage = page.Contains("value=\"login\"", StringComparison.Ordinal);
            var fields = loginPage
                ? new Dictionary<string, string> { ["prompt"] = "login", ["login"] = login, ["password"] = "any" }
                : new Dictionary<string, string> { ["prompt"] = "consent" };
            var target = loginPage && login.EndsWith(";mfa", StringComparison.Ordinal) ? new Uri(next, next.AbsolutePath + "?mfa=1") : next;
            using var submitted = await browser.PostAsync(target, new FormUrlEncodedContent(fields));
            ((int)submitted.StatusCode).Should().BeInRange(300, 399, await submitted.Content.ReadAsStringAsync());
            next = new Uri(next, submitted.Headers.Location!);
        }

        throw new InvalidOperationException("The provider did not send the browser back to the app.");
    }

    private static async Task<OidcProvider> StartAsync()
    {
        var folder = ProviderFolder();
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException(
                $"The test OpenID provider is not installed: run `npm ci` in {folder} (./build.sh test does), with node on the PATH.");
        }

        int port;
        using (var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("server.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        // What the provider writes to stderr (its warnings, and any error it answers server_error for) goes to the test log.
        var log = Path.Combine(Path.GetTempPath(), $"authkit-oidc-provider-{port}.log");
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                File.AppendAllText(log, line.Data + Environment.NewLine);
            }
        };
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        };

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("listening ", StringComparison.Ordinal))
            {
                return new OidcProvider(line["listening ".Length..]);
            }
        }

        throw new InvalidOperationException("The test OpenID provider exited before it listened.");
    }

    private static string ProviderFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthKit.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "oidc-provider");
            }
        }

        throw new InvalidOperationException("The repository root (AuthKit.sln) was not found above the test binaries.");
    }

    [GeneratedRegex("^/interaction/[^/]+$")]
    private static partial Regex InteractionPath();
}
