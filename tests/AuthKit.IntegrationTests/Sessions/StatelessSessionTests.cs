using System.Buffers.Text;
using System.Net;
using System.Text;
using AuthKit.Credentials;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Sessions;
using AuthKit.Sessions.Sealing;
using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.IntegrationTests.Sessions;

/// <summary>What only stateless sessions do: key rotation, purpose binding, the size limit, the revocation list.</summary>
public sealed class StatelessSessionTests : AppTestBase
{
    protected override AuthKitAppFactory CreateApp() => new("Stateless");

    private AuthKitAppFactory NewApp(IDictionary<string, string?>? settings = null, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null, string environment = "Development", Action<IServiceCollection>? services = null)
        => Track(new AuthKitAppFactory("Stateless", settings, environment, services, time));

    private static string KeyIdOf(string token)
    {
        var bytes = Base64Url.DecodeFromChars(token);
        return Encoding.ASCII.GetString(bytes, 2, bytes[1]);
    }

    private static Dictionary<string, string?> Keys(params (string Id, string Secret)[] keys)
    {
        var settings = new Dictionary<string, string?> { ["AuthKit:Keys:0:Id"] = null, ["AuthKit:Keys:0:Secret"] = null };
        for (var i = 0; i < keys.Length; i++)
        {
            settings[$"AuthKit:Keys:{i}:Id"] = keys[i].Id;
            settings[$"AuthKit:Keys:{i}:Secret"] = keys[i].Secret;
        }

        return settings;
    }

    [Fact]
    public async Task KeyRotation_OldCookieStillWorks_NewCookiesUseTheNewKey_OldCookieIsResealed()
    {
        var before = NewApp();
        var client = Client(before);
        var oldCookie = await client.SignUpAndInAsync("ann@example.com");
        KeyIdOf(oldCookie).Should().Be("k1");

        var rotated = NewApp(Keys(("k1", AuthKitAppFactory.KeyOneSecret), ("k2", AuthKitAppFactory.KeyTwoSecret)), before.Time);
        var returning = Client(rotated);
        returning.Cookie = oldCookie;

        (await returning.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "a cookie sealed with a key still in the ring opens");
        returning.LastSetCookie.Should().NotBeNull("a cookie sealed with an older key is re-sealed with the current one");
        KeyIdOf(returning.Cookie!).Should().Be("k2");
        (await returning.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        returning.LastSetCookie.Should().BeNull("once re-sealed, nothing to renew");

        var newcomer = Client(rotated);
        KeyIdOf(await newcomer.SignUpAndInAsync("bob@example.com")).Should().Be("k2");
    }

    [Fact]
    public async Task KeyRotation_RemovedKey_EndsTheSessionsItSealed()
    {
        var before = NewApp();
        var oldCookie = await Client(before).SignUpAndInAsync("ann@example.com");

        var after = NewApp(Keys(("k2", AuthKitAppFactory.KeyTwoSecret)), before.Time);
        var returning = Client(after);
        returning.Cookie = oldCookie;

        (await returning.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SameKeyIdWithOtherSecret_IsRefused()
    {
        var before = NewApp();
        var cookie = await Client(before).SignUpAndInAsync("ann@example.com");

        var impostor = NewApp(Keys(("k1", AuthKitAppFactory.KeyTwoSecret)), before.Time);
        var client = Client(impostor);
        client.Cookie = cookie;

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenSealedForAnotherPurpose_IsRefused()
    {
        var app = NewApp();
        var client = Client(app);
        var cookie = await client.SignUpAndInAsync("ann@example.com");

        // Same keys, same payload, same cookie name, but sealed for the database-session purpose.
        var keys = app.Services.GetRequiredService<KeyRing>();
        var stateless = new SessionTokenFormat(keys, "stateless-session-v1", SessionClient.DefaultCookieName);
        var database = new SessionTokenFormat(keys, "database-session-v1", SessionClient.DefaultCookieName);
        var plaintext = new byte[SessionTokenFormat.MaxPlaintextLength];
        stateless.TryUnprotect(cookie, plaintext, out var length).Should().Be(SessionTokenFormat.OpenResult.Opened);
        client.Cookie = database.Protect(plaintext.AsSpan(0, length));

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        client.Cookie = stateless.Protect(plaintext.AsSpan(0, length));
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the control: the same payload sealed for this purpose opens");
    }

    [Fact]
    public async Task TokenIssuedUnderAnotherCookieName_IsRefused()
    {
        var other = NewApp(new Dictionary<string, string?> { ["AuthKit:Sessions:CookieName"] = "__Host-other" });
        var client = Client(other);
        await client.PostAsync("/test/users", new { email = "ann@example.com", password = "correct horse battery staple" });
        var response = await client.PostAsync("/test/signin", new { email = "ann@example.com", password = "correct horse battery staple" });
        var token = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0].Split('=', 2)[1];

        var app = NewApp(time: other.Time);
        var attacker = Client(app);
        attacker.Cookie = token;

        (await attacker.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Session_TooLargeForACookie_FailsAtCreationWithAClearMessage()
    {
        var app = NewApp();
        using var scope = app.Services.CreateScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionManager>();
        var user = new StubUser("u1", Enumerable.Range(0, 10).Select(i => $"role-{i}").ToArray());
        var values = Enumerable.Range(0, 40).ToDictionary(i => $"key{i}", i => new string('v', 100));

        var act = () => sessions.CreateAsync(new DefaultHttpContext { RequestServices = scope.ServiceProvider }, user, values);

        (await act.Should().ThrowAsync<InvalidOperationException>())
            .Which.Message.Should().Contain("browsers keep at most 4096").And.Contain("fewer or shorter roles and values");
    }

    [Fact]
    public async Task Session_JustUnderTheLimit_IsCreated()
    {
        var app = NewApp();
        using var scope = app.Services.CreateScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionManager>();
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };

        await sessions.CreateAsync(context, new StubUser("u1", []), new Dictionary<string, string> { ["blob"] = new string('v', 2700) });

        var header = context.Response.Headers.SetCookie.ToString();
        header.Length.Should().BeLessThanOrEqualTo(4096);
    }

    [Fact]
    public void StartUp_OutsideDevelopmentWithoutKeys_FailsWithHowToConfigure()
    {
        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", Keys(), "Production"));

        failure.Should().BeOfType<OptionsValidationException>()
            .Which.Message.Should().Contain("AuthKit:Keys is empty").And.Contain("AuthKit__Keys__0__Secret").And.Contain("openssl rand -base64 32");
    }

    [Fact]
    public void StartUp_WithAShortOrMalformedKey_FailsWithoutEchoingTheSecret()
    {
        var failure = AuthKitAppFactory.StartUpFailure(
            () => new AuthKitAppFactory("Stateless", Keys(("k1", "c2hvcnQ="), ("bad id!", AuthKitAppFactory.KeyTwoSecret)), "Production"));

        var message = failure.Should().BeOfType<OptionsValidationException>().Which.Message;
        message.Should().Contain("AuthKit:Keys:0:Secret must be at least 32 random bytes").And.Contain("AuthKit:Keys:1:Id \"bad id!\"");
        message.Should().NotContain("c2hvcnQ=").And.NotContain(AuthKitAppFactory.KeyTwoSecret);
    }

    [Fact]
    public async Task StartUp_InDevelopmentWithoutKeys_UsesAnEphemeralKeyAndWarns()
    {
        var app = NewApp(Keys());
        var client = Client(app);

        var cookie = await client.SignUpAndInAsync("ann@example.com");

        KeyIdOf(cookie).Should().Be("ephemeral");
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        app.Logs.Lines.Should().ContainSingle(l => l.EventId.Id == 2001 && l.Level == LogLevel.Warning)
            .Which.Message.Should().Contain("every session ends when the app restarts");
    }

    [Fact]
    public async Task SecureCheck_AsksTheRevocationListOncePerRequest()
    {
        var counting = new CountingRevocationStore();
        var app = NewApp(services: s => s.Replace(ServiceDescriptor.Singleton<ISessionRevocationStore>(counting)));
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");
        counting.Checks = 0;

        // /api/me runs the authentication handler and then calls ISessionManager.GetAsync itself.
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        counting.Checks.Should().Be(1);
    }

    [Fact]
    public async Task RevokeOthers_AlsoRefusesOlderCopiesOfTheKeptSession()
    {
        var app = NewApp();
        var laptop = Client(app);
        var copy = await laptop.SignUpAndInAsync("ann@example.com");

        await laptop.PostAsync("/test/signout-others");

        laptop.Cookie.Should().NotBe(copy, "the kept session gets a re-issued cookie");
        (await laptop.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        var thief = Client(app);
        thief.Cookie = copy;
        (await thief.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevocationEntries_ExpireWithTheSessionsTheyRevoke()
    {
        var app = NewApp();
        var client = Client(app);
        await client.SignUpAndInAsync("ann@example.com");
        await client.PostAsync("/test/signout");
        var store = (InMemorySessionRevocationStore)app.Services.GetRequiredService<ISessionRevocationStore>();
        store.Count.Should().Be(1);

        app.Time.Advance(TimeSpan.FromDays(30));
        for (var i = 0; i < 255; i++)
        {
            // Already expired entries; the 256th write (the sign-out was the first) triggers a sweep.
            await store.RevokeSessionAsync($"s{i}", app.Time.GetUtcNow(), default);
        }

        store.Count.Should().Be(0, "a sweep drops entries whose sessions would have expired anyway");
    }

    [Fact]
    public async Task ListingSessions_IsNotSupported_WithAClearMessage()
    {
        var app = NewApp();
        using var scope = app.Services.CreateScope();
        var sessions = scope.ServiceProvider.GetRequiredService<ISessionManager>();

        var act = () => sessions.ListAsync("u1");

        (await act.Should().ThrowAsync<NotSupportedException>()).Which.Message.Should().Contain("database sessions");
    }

    [Fact]
    public async Task CookieValue_NeverAppearsInTheLogs()
    {
        var app = NewApp();
        var client = Client(app);
        var cookie = await client.SignUpAndInAsync("ann@example.com");
        client.Cookie = cookie[..^2] + "xx";
        await client.GetAsync("/api/me");
        client.Cookie = cookie;
        await client.PostAsync("/test/signout");
        await client.GetAsync("/api/me");

        app.Logs.Lines.Should().Contain(l => l.EventId.Id == 2105, "rejections are logged at debug level");
        var cookiePrefix = cookie[..20];
        app.Logs.Lines.Should().NotContain(l => l.Message.Contains(cookiePrefix, StringComparison.Ordinal));
        app.Logs.Lines.Should().NotContain(l => l.Message.Contains("correct horse", StringComparison.Ordinal));
    }

    private sealed record StubUser(string Id, IReadOnlyCollection<string> Roles) : IAuthKitUser
    {
        public string Email => "stub@example.com";

        public string PasswordHash => "unused";
    }

    private sealed class CountingRevocationStore : ISessionRevocationStore
    {
        public int Checks;

        public ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Checks);
            return ValueTask.FromResult(false);
        }
    }
}
