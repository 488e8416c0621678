using System.Net;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Sqlite;

/// <summary>
/// One instance on SQLite forgets nothing when it restarts (hardening #12): a stateless logout stays a logout, a
/// throttled account stays throttled, for both session kinds.
/// </summary>
public sealed class SqliteRestartTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-restart-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly List<IDisposable> _disposables = [];

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private AuthKitAppFactory Start(string mode)
    {
        var app = new AuthKitAppFactory(mode, new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Sqlite",
            ["ConnectionStrings:Sessions"] = $"Data Source={Path.Combine(_directory, "authkit.db")}",
        }, time: _time);
        _disposables.Add(app);
        return app;
    }

    private async Task StopAsync(AuthKitAppFactory app)
    {
        await app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }

    private SessionClient Client(AuthKitAppFactory app)
    {
        var client = app.CreateSessionClient();
        _disposables.Add(client);
        return client;
    }

    [Fact]
    public async Task StatelessLogout_ThenRestartOnTheSameFile_TheReplayedCookieIsStillRefused()
    {
        var first = Start("Stateless");
        var client = Client(first);
        var captured = await client.SignUpAndInAsync("ann@example.com");
        (await client.PostAsync("/api/auth/logout")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await StopAsync(first);

        var second = Start("Stateless");
        var thief = Client(second);
        thief.Cookie = captured;

        (await thief.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the revocation list is on disk");
    }

    [Fact]
    public async Task StatelessSignOutEverywhere_ThenRestart_StillRefusesEveryOldCookie()
    {
        var first = Start("Stateless");
        var client = Client(first);
        var captured = await client.SignUpAndInAsync("ann@example.com");
        (await client.PostAsync("/test/signout-everywhere")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await StopAsync(first);

        var thief = Client(Start("Stateless"));
        thief.Cookie = captured;

        (await thief.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("Stateless")]
    [InlineData("Database")]
    public async Task Throttled_ThenRestartOnTheSameFile_IsStillThrottled(string mode)
    {
        var first = Start(mode);
        var client = Client(first);
        (await client.PostAsync("/test/users", new { email = "ann@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.OK);
        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "guess " + i })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        (await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        await StopAsync(first);

        var again = Client(Start(mode));

        var response = await again.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" });
        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests, "the throttle counters are on disk");
    }
}
