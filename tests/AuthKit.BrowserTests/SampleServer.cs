using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.BrowserTests;

/// <summary>
/// The real sample (samples/AuthKit.Sample) served by Kestrel on a random loopback port, with its own SQLite
/// files, one admin address and cheap password hashing (the browser flows are about behaviour, not cost).
/// </summary>
public sealed class SampleServer : WebApplicationFactory<Program>
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-sample-").FullName;
    private readonly string _sessionMode;
    private readonly IDictionary<string, string?> _settings;
    private readonly string _environment;

    /// <param name="sessionMode">Database or Stateless.</param>
    /// <param name="settings">Further settings (for example an SMTP server); without <c>AuthKit:Smtp</c> the sample keeps mail in its Development mailbox.</param>
    /// <param name="environment">The host environment.</param>
    public SampleServer(string sessionMode, IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        _sessionMode = sessionMode;
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string?>();

        // A port known before start: mailed links are built from AuthKit:PublicOrigin, which must name it. The host is
        // localhost, not 127.0.0.1: a WebAuthn relying party id must be a domain name (passkeys), and browsers treat
        // http://localhost as a secure context.
        var port = FreePort();
        BaseUrl = $"http://localhost:{port}";
        UseKestrel(options => options.ListenLocalhost(port));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        address.TrimEnd('/').Should().Be(BaseUrl);
    }

    public string BaseUrl { get; }

    /// <summary>The folder of the sample's Development mailbox (used when no SMTP server is configured).</summary>
    public string MailboxPath => Path.Combine(_directory, "mailbox");

    public const string AdminEmail = "admin@example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        builder.UseSetting("Sessions:Mode", _sessionMode);
        builder.UseSetting("ConnectionStrings:Users", $"Data Source={Path.Combine(_directory, "users.db")}");
        builder.UseSetting("ConnectionStrings:Sessions", $"Data Source={Path.Combine(_directory, "sessions.db")}");
        builder.UseSetting("Sample:AdminEmails:0", AdminEmail);
        builder.UseSetting("AuthKit:Hashing:Iterations", "1000");
        builder.UseSetting("AuthKit:Keys:0:Id", "browser-tests");
        builder.UseSetting("AuthKit:Keys:0:Secret", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("AuthKit:PublicOrigin", BaseUrl);
        builder.UseSetting("Sample:MailboxPath", MailboxPath);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Temp files; the OS cleans them otherwise.
        }
    }
}
