using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Sessions.Database;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AuthKit.IntegrationTests.Sessions;

/// <summary>What only database sessions do: session lists, revoke one, restart, store faults, concurrency.</summary>
public sealed class DatabaseSessionTests : AppTestBase
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-db-").FullName;

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "sessions.db")}";

    public override void Dispose()
    {
        base.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    protected override AuthKitAppFactory CreateApp() => new("Database");

    private AuthKitAppFactory SqliteApp(Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null, Action<IServiceCollection>? services = null, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Sqlite",
            ["ConnectionStrings:Sessions"] = ConnectionString,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return Track(new AuthKitAppFactory("Database", settings, services: services, time: time));
    }

    [Fact]
    public async Task SessionList_ShowsTheUsersSessionsWithAgentAndTimes()
    {
        var app = SqliteApp();
        var laptop = Client(app);
        laptop.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Laptop/1.0");
        var phone = Client(app);
        phone.Http.DefaultRequestHeaders.UserAgent.ParseAdd("Phone/2.0");
        await laptop.SignUpAndInAsync("ann@example.com");
        app.Time.Advance(TimeSpan.FromMinutes(5));
        await phone.SignInAsync("ann@example.com");

        var list = await (await laptop.GetAsync("/test/sessions")).Content.ReadFromJsonAsync<JsonElement>();

        list.GetArrayLength().Should().Be(2);
        list[0].GetProperty("userAgent").GetString().Should().Be("Phone/2.0", "newest first");
        list[1].GetProperty("userAgent").GetString().Should().Be("Laptop/1.0");
        list[1].GetProperty("createdAt").GetDateTimeOffset().Should().Be(app.Time.GetUtcNow().AddMinutes(-5));
        list[0].GetProperty("lastSeenAt").GetDateTimeOffset().Should().Be(app.Time.GetUtcNow());
        list.EnumerateArray().Should().OnlyContain(s => s.GetProperty("id").GetString()!.Length == 16);
    }

    [Fact]
    public async Task FiftyFiveSignIns_KeepTheNewestFifty_AndTheSessionListIsBounded()
    {
        var app = SqliteApp();
        var first = Client(app);
        await first.SignUpAndInAsync("ann@example.com");
        SessionClient? last = null;
        for (var i = 1; i < 55; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(1));
            last = Client(app);
            await last.SignInAsync("ann@example.com");
        }

        var list = await (await last!.GetAsync("/api/auth/sessions")).Content.ReadFromJsonAsync<JsonElement>();

        list.GetArrayLength().Should().Be(50, "a user holds at most 50 sessions by default");
        (await first.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the oldest sessions were ended to make room");
        (await last.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokeOne_EndsThatDeviceOnly()
    {
        var app = SqliteApp();
        var laptop = Client(app);
        var phone = Client(app);
        await laptop.SignUpAndInAsync("ann@example.com");
        await phone.SignInAsync("ann@example.com");
        var phoneId = (await (await phone.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        (await laptop.SendAsync(HttpMethod.Delete, $"/test/sessions/{phoneId}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await phone.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await laptop.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokeOne_OfAnotherUser_IsNotFound()
    {
        var app = SqliteApp();
        var ann = Client(app);
        var bob = Client(app);
        await ann.SignUpAndInAsync("ann@example.com");
        await bob.SignUpAndInAsync("bob@example.com");
        var annsId = (await (await ann.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        (await bob.SendAsync(HttpMethod.Delete, $"/test/sessions/{annsId}")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await ann.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Restart_SessionsSurviveAHostRebuiltOnTheSameFile()
    {
        var first = SqliteApp();
        var client = Client(first);
        var cookie = await client.SignUpAndInAsync("ann@example.com");
        await first.DisposeAsync();
        SqliteConnection.ClearAllPools();

        var second = SqliteApp(first.Time);
        var returning = Client(second);
        returning.Cookie = cookie;

        (await returning.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StoreThatFails_MakesTheProtectedApiAnswer503_Never200()
    {
        var failing = new SwitchableStore(new InMemorySessionStore());
        var app = Track(new AuthKitAppFactory("Database", services: s => s.Replace(ServiceDescriptor.Singleton<ISessionStore>(failing))));
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        failing.Failing = true;
        var response = await client.GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Contain("Sessions are temporarily unavailable").And.NotContain("at AuthKit");
        client.Cookie.Should().NotBeNull("a store outage does not sign the user out");
        app.Logs.Lines.Should().Contain(l => l.EventId.Id == 2106);

        failing.Failing = false;
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "service resumes when the store does");
    }

    [Fact]
    public async Task StoreThatHangs_IsDeniedAfterTheStoreTimeout()
    {
        var hanging = new SwitchableStore(new InMemorySessionStore());
        var app = Track(new AuthKitAppFactory("Database", services: s => s.Replace(ServiceDescriptor.Singleton<ISessionStore>(hanging))));
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");

        hanging.Hanging = true;
        try
        {
            var pending = client.GetAsync("/api/me");
            SpinWait.SpinUntil(() => hanging.Waiting > 0, TimeSpan.FromSeconds(10)).Should().BeTrue();

            // The timeout's timer starts just after the store call; step the fake clock until it has fired.
            var waited = TimeSpan.Zero;
            while (!pending.IsCompleted && waited < TimeSpan.FromSeconds(60))
            {
                app.Time.Advance(TimeSpan.FromSeconds(1));
                waited += TimeSpan.FromSeconds(1);
                await Task.Delay(10);
            }

            pending.IsCompleted.Should().BeTrue("the request must not wait for a hanging store");
            waited.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(5), "the store gets its full timeout");
            (await pending).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            hanging.Release();
        }
    }

    [Fact]
    public async Task LastSeenWrite_HappensAtMostOncePerHalfIdleWindow()
    {
        var counting = new SwitchableStore(new InMemorySessionStore());
        var app = Track(new AuthKitAppFactory("Database", services: s => s.Replace(ServiceDescriptor.Singleton<ISessionStore>(counting))));
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");

        var requests = 0;
        for (var hour = 0; hour < 24 * 14; hour += 6)
        {
            (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
            requests++;
            app.Time.Advance(TimeSpan.FromHours(6));
        }

        // Renewals at 3.75, 7.5 and 11.25 days: the first request after less than half (3.5 days) remains.
        requests.Should().Be(56);
        counting.Touches.Should().Be(3);
    }

    [Fact]
    public async Task PurgeService_DeletesExpiredSessionsInTheBackground()
    {
        var app = SqliteApp();
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");
        await client.SignInAsync("ann@example.com"); // the first session is revoked; one row remains
        (await CountRowsAsync()).Should().Be(1);

        app.Time.Advance(TimeSpan.FromDays(7) + TimeSpan.FromHours(1)); // past the idle expiry and a purge tick

        var purged = SpinWait.SpinUntil(() => CountRowsAsync().GetAwaiter().GetResult() == 0, TimeSpan.FromSeconds(10));
        purged.Should().BeTrue("the background purge deletes the expired row");
        app.Logs.Lines.Should().Contain(l => l.EventId.Id == 2201 && l.Message.Contains("Purged 1", StringComparison.Ordinal));
    }

    private async Task<long> CountRowsAsync()
    {
        await using var connection = new SqliteConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM authkit_sessions";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ManyParallelClients_CreateValidateAndRevoke_WithoutErrorsOrLostSessions()
    {
        // A hashing queue long enough for 64 simultaneous sign-ins, room for every session one user makes here (64
        // workers × at most 10 kept), and no throttling (64 sign-ins in flight to one account are more than it allows):
        // this test is about the store, not load shedding, eviction or guessing.
        var app = SqliteApp(extra: new Dictionary<string, string?>
        {
            ["AuthKit:Hashing:QueueLimit"] = "128",
            ["AuthKit:Sessions:MaxSessionsPerUser"] = "1000",
            ["AuthKit:Throttling:Enabled"] = "false",
        });
        using (var setup = app.CreateSessionClient())
        {
            (await setup.PostAsync("/test/users", new { email = "load@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var kept = new ConcurrentBag<string>();
        var revoked = new ConcurrentBag<string>();
        var errors = new ConcurrentBag<string>();
        var until = DateTime.UtcNow.AddSeconds(3);

        await Parallel.ForEachAsync(Enumerable.Range(0, 64), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (worker, _) =>
        {
            using var client = app.CreateSessionClient();
            for (var round = 0; (DateTime.UtcNow < until && round < 20) || round < 2; round++)
            {
                client.Cookie = null;
                var signIn = await client.PostAsync("/test/signin", new { email = "load@example.com", password = "correct horse battery staple" });
                var me = await client.GetAsync("/api/me");
                if (signIn.StatusCode != HttpStatusCode.OK || me.StatusCode != HttpStatusCode.OK || client.Cookie is null)
                {
                    errors.Add($"worker {worker} round {round}: sign-in {signIn.StatusCode}, check {me.StatusCode}");
                    continue;
                }

                if (round % 2 == 0)
                {
                    var cookie = client.Cookie;
                    var signOut = await client.PostAsync("/test/signout");
                    if (signOut.StatusCode != HttpStatusCode.NoContent)
                    {
                        errors.Add($"worker {worker} round {round}: sign-out {signOut.StatusCode}");
                    }

                    revoked.Add(cookie);
                }
                else
                {
                    kept.Add(client.Cookie);
                }
            }
        });

        errors.Should().BeEmpty();
        kept.Should().OnlyHaveUniqueItems();
        revoked.Should().OnlyHaveUniqueItems();
        using var checker = app.CreateSessionClient();
        foreach (var cookie in kept)
        {
            checker.Cookie = cookie;
            (await checker.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "no session that was created is lost");
        }

        foreach (var cookie in revoked)
        {
            checker.Cookie = cookie;
            (await checker.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no revoked session survives");
        }

        var rows = await app.Services.GetRequiredService<ISessionStore>().ListAsync("u1", app.Time.GetUtcNow(), 1000, default);
        rows.Should().HaveCount(kept.Count, "exactly the kept sessions remain: none lost, none duplicated");
    }

    /// <summary>A store that can be made to fail or hang, and counts renewals.</summary>
    private sealed class SwitchableStore(ISessionStore inner) : ISessionStore
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;
        private int _touches;

        public bool Failing { get; set; }

        public bool Hanging { get; set; }

        public int Waiting => Volatile.Read(ref _waiting);

        public int Touches => Volatile.Read(ref _touches);

        public void Release() => _release.TrySetResult();

        public Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken) => Guard(() => inner.CreateAsync(session, maxSessionsPerUser, cancellationToken));

        public Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken) => Guard(() => inner.FindAsync(tokenHash, cancellationToken));

        public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _touches);
            return Guard(() => inner.TouchAsync(tokenHash, lastSeenAt, idleExpiresAt, cancellationToken));
        }

        public Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken) => Guard(() => inner.DeleteAsync(tokenHash, cancellationToken));

        public Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken) => Guard(() => inner.DeleteByIdAsync(userId, sessionId, cancellationToken));

        public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken) => Guard(() => inner.DeleteAllAsync(userId, exceptTokenHash, cancellationToken));

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken) => Guard(() => inner.ListAsync(userId, now, limit, cancellationToken));

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Guard(() => inner.PurgeExpiredAsync(now, cancellationToken));

        private async Task Guard(Func<Task> call) => await Guard(async () =>
        {
            await call();
            return true;
        });

        private async Task<T> Guard<T>(Func<Task<T>> call)
        {
            if (Failing)
            {
                throw new IOException("disk I/O error (simulated)");
            }

            if (Hanging)
            {
                Interlocked.Increment(ref _waiting);
                await _release.Task;
            }

            return await call();
        }
    }
}
