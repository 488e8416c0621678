using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Infrastructure;

/// <summary>
/// The test app (tests/AuthKit.TestApp) over HTTP with a fake clock, a fixed key ring and cheap password
/// hashing. Settings can be overridden per test; each factory is its own app instance.
/// </summary>
public sealed class AuthKitAppFactory : WebApplicationFactory<Program>
{
    public const string KeyOneSecret = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    public const string KeyTwoSecret = "ICEiIyQlJicoKSorLC0uLzAxMjM0NTY3ODk6Ozw9Pj8=";

    private readonly Dictionary<string, string?> _settings;
    private readonly string _environment;
    private readonly Action<IServiceCollection>? _services;

    public AuthKitAppFactory(
        string sessionMode = "Stateless",
        IDictionary<string, string?>? settings = null,
        string environment = "Development",
        Action<IServiceCollection>? services = null,
        FakeTimeProvider? time = null)
    {
        _environment = environment;
        _services = services;
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
        _settings = new Dictionary<string, string?>
        {
            ["Sessions:Mode"] = sessionMode,
            ["AuthKit:Hashing:Iterations"] = "1000",
            ["AuthKit:Keys:0:Id"] = "k1",
            ["AuthKit:Keys:0:Secret"] = KeyOneSecret,
            ["Logging:LogLevel:Default"] = "Debug",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            // null removes a default setting (for example the key ring).
            if (value is null)
            {
                _settings.Remove(key);
            }
            else
            {
                _settings[key] = value;
            }
        }
    }

    public FakeTimeProvider Time { get; }

    public TestLogs Logs { get; } = new();

    /// <summary>A client on https://localhost (Secure cookies need it) that keeps no cookies of its own.</summary>
    public SessionClient CreateSessionClient() => new(CreateClient(new WebApplicationFactoryClientOptions
    {
        BaseAddress = new Uri("https://localhost"),
        HandleCookies = false,
        AllowAutoRedirect = false,
    }));

    /// <summary>
    /// Starts an app that must refuse to start and returns the exception its start-up threw. WebApplicationFactory
    /// races a failing entry point (dotnet/aspnetcore#33494): when the app has already disposed its host by the time
    /// the factory asks that host for its lifetime, the factory throws <see cref="ObjectDisposedException"/> instead
    /// of the app's own exception. The app's exception is then the one its host logged when it failed to start; without
    /// one the race is retried with a fresh app (at most ten times; five lost races in a row failed CI once). Any other
    /// outcome, including a successful start, is returned or reported as it is.
    /// </summary>
    public static Exception StartUpFailure(Func<AuthKitAppFactory> create)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var app = create();
            try
            {
                app.CreateClient().Dispose();
            }
            catch (ObjectDisposedException) when (LoggedStartUpFailure(app) is { } logged)
            {
                // The host logged why it did not start before the factory lost the race: that is the app's exception.
                return logged;
            }
            catch (ObjectDisposedException) when (attempt < 10)
            {
                continue;
            }
            catch (Exception exception)
            {
                return exception;
            }

            throw new Xunit.Sdk.XunitException("The app started, but it should have refused to start.");
        }
    }

    // What the host logged when it failed to start (Microsoft.Extensions.Hosting logs the exception it then throws).
    private static Exception? LoggedStartUpFailure(AuthKitAppFactory app)
        => app.Logs.Lines.LastOrDefault(static l => l.Level >= Microsoft.Extensions.Logging.LogLevel.Error && l.Exception is { } e && e is not ObjectDisposedException)?.Exception;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
            services.AddTransient<Microsoft.AspNetCore.Hosting.IStartupFilter, TestRemoteAddress>();
            _services?.Invoke(services);
        });
    }
}
