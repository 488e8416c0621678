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

    public SampleServer(string sessionMode)
    {
        _sessionMode = sessionMode;
        UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        StartServer();
        var address = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/');
    }

    public string BaseUrl { get; }

    public const string AdminEmail = "admin@example.com";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Sessions:Mode", _sessionMode);
        builder.UseSetting("ConnectionStrings:Users", $"Data Source={Path.Combine(_directory, "users.db")}");
        builder.UseSetting("ConnectionStrings:Sessions", $"Data Source={Path.Combine(_directory, "sessions.db")}");
        builder.UseSetting("Sample:AdminEmails:0", AdminEmail);
        builder.UseSetting("AuthKit:Hashing:Iterations", "1000");
        builder.UseSetting("AuthKit:Keys:0:Id", "browser-tests");
        builder.UseSetting("AuthKit:Keys:0:Secret", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
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
