using System.Net;
using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.EntityFrameworkCore;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Sessions.Database;
using AuthKit.Tokens;

namespace AuthKit.IntegrationTests.EntityFrameworkCore;

/// <summary>
/// The test app with database sessions on PostgreSQL through AuthKit.EntityFrameworkCore: fail closed and recover when
/// the server stops and starts mid-run (its own private cluster), for both session kinds.
/// </summary>
public abstract class PostgresOutageTests : IAsyncLifetime
{
    private PostgresServer _server = null!;
    private AuthKitAppFactory _app = null!;

    protected abstract string SessionMode { get; }

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartNewAsync();
        _app = new AuthKitAppFactory(SessionMode, new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Postgres",
            ["ConnectionStrings:Sessions"] = await _server.NewDatabaseAsync(),
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task PostgresDown_SecureChecksAnswer503_ThenTheSameAppRecovers()
    {
        using var client = _app.CreateSessionClient();
        var cookie = await client.SignUpAndInAsync("ann@example.com");
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        await _server.StopAsync();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var down = await client.GetAsync("/api/me");
            down.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a store that cannot answer must deny, never allow");
            client.Cookie.Should().Be(cookie, "an outage does not sign the user out");
        }

        await _server.StartAsync();

        // Pooled connections from before the restart fail once each: 503 meanwhile, and nothing else.
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            status = (await client.GetAsync("/api/me")).StatusCode;
            status.Should().BeOneOf(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
            if (status != HttpStatusCode.OK)
            {
                await Task.Delay(200);
            }
        }
        while (status != HttpStatusCode.OK && ++attempts < 50);

        status.Should().Be(HttpStatusCode.OK, "the same app instance recovers without a restart");
    }
}

public sealed class StatelessPostgresOutageTests : PostgresOutageTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabasePostgresOutageTests : PostgresOutageTests
{
    protected override string SessionMode => "Database";
}

/// <summary>64 concurrent writers on PostgreSQL through the EF stores: each race has exactly the outcome the contracts promise.</summary>
public sealed class PostgresConcurrencyTests
{
    private const int Writers = 64;
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Fact]
    public async Task SixtyFourSignIns_LoseNoSession()
    {
        var store = new EfSessionStore<TestDbContext>(await PostgresContextsAsync());

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(i => store.CreateAsync(Session($"user-{i % 8}", i), 100, default)));

        for (var user = 0; user < 8; user++)
        {
            (await store.ListAsync($"user-{user}", Now, 1000, default)).Should().HaveCount(Writers / 8);
        }
    }

    [Fact]
    public async Task SixtyFourSignUpsWithOneAddress_CreateOneAccount()
    {
        var contexts = await PostgresContextsAsync();
        var store = new EfUserStore<TestDbContext, AuthKitUser>(contexts, TimeProvider.System);

        var created = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => store.CreateAsync(new NewUser("ann@example.com", "hash"), default)));

        created.Count(u => u is not null).Should().Be(1, "the unique index lets one in and the store answers null to the rest");
        await using var db = contexts.CreateDbContext();
        db.Set<AuthKitUser>().Count(u => u.Email == "ann@example.com").Should().Be(1);
    }

    [Fact]
    public async Task SixtyFourConsumers_OfOneToken_OneWins()
    {
        var store = new EfOneTimeTokenStore<TestDbContext>(await PostgresContextsAsync(), TimeProvider.System);
        var hash = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await store.StoreAsync(new OneTimeToken(hash, "reset-password", "u1", "ann@example.com", Now.AddHours(1), null), default);

        var consumed = await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => store.ConsumeAsync(hash, "reset-password", "u1", Now, default)));

        consumed.Count(t => t is not null).Should().Be(1);
    }

    [Fact]
    public async Task SixtyFourCounters_OfOneKey_CountEveryAttempt()
    {
        var store = new EfThrottleStore<TestDbContext>(await PostgresContextsAsync(), TimeProvider.System);

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async _ =>
        {
            // Read, then compare-and-swap; a lost race reads again (as the throttler does).
            while (true)
            {
                var current = await store.GetAsync("acct:ann", default);
                if (await store.TryReplaceAsync("acct:ann", current, new ThrottleCounter(current.Count + 1, DateTimeOffset.UtcNow), DateTimeOffset.UtcNow.AddHours(1), default))
                {
                    return;
                }
            }
        }));

        (await store.GetAsync("acct:ann", default)).Count.Should().Be(Writers);
    }

    private static async Task<PostgresContexts> PostgresContextsAsync() => await PostgresContexts.CreateAsync();

    private static SessionRecord Session(string userId, int i) => new(
        Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(BitConverter.GetBytes(i))),
        "s" + i,
        userId,
        [],
        Now.AddMilliseconds(i),
        Now,
        Now.AddDays(1),
        Now.AddDays(30),
        null,
        null,
        new Dictionary<string, string>());
}
