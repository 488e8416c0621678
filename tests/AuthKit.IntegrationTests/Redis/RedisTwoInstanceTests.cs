using System.Net;
using System.Text.Json;
using System.Net.Http.Json;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>
/// Two app instances (two hosts, same key ring, one Redis) must act as one app to a user: a session made on one
/// is honoured on the other, a logout on one holds on the other, and guessing limits count attempts on both.
/// One subclass per session kind.
/// </summary>
public abstract class RedisTwoInstanceTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.NewPrefix("two-instances");
    private readonly List<SessionClient> _clients = [];

    protected abstract string SessionMode { get; }

    protected AuthKitAppFactory InstanceA { get; private set; } = null!;

    protected AuthKitAppFactory InstanceB { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        var address = await TestRedis.AddressAsync();
        InstanceA = RedisApp.Create(SessionMode, address, _prefix);
        InstanceB = RedisApp.Create(SessionMode, address, _prefix);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await InstanceA.DisposeAsync();
        await InstanceB.DisposeAsync();
        await TestRedis.DeleteKeysAsync(_prefix);
    }

    protected SessionClient Client(AuthKitAppFactory instance, string? cookie = null)
    {
        var client = instance.CreateSessionClient();
        client.Cookie = cookie;
        _clients.Add(client);
        return client;
    }

    [Fact]
    public async Task SignInOnA_TheCookieWorksOnB()
    {
        var cookie = await Client(InstanceA).SignUpAndInAsync("ann@example.com");

        var response = await Client(InstanceB, cookie).GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetString().Should().Be("u1");
    }

    [Fact]
    public async Task LogoutOnB_TheCookieIsRefusedOnA()
    {
        var cookie = await Client(InstanceA).SignUpAndInAsync("ann@example.com");
        var onB = Client(InstanceB, cookie);
        (await onB.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await onB.PostAsync("/test/signout")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Client(InstanceA, cookie).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignOutEverywhereOnA_RefusesTheUsersCookiesOnB()
    {
        var laptop = Client(InstanceA);
        await laptop.SignUpAndInAsync("ann@example.com");
        var phoneCookie = await Client(InstanceA).SignInAsync("ann@example.com");
        var phoneOnB = Client(InstanceB, phoneCookie);
        (await phoneOnB.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        (await laptop.PostAsync("/test/signout-everywhere")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await phoneOnB.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FailedSignIns_AreCountedAcrossInstances()
    {
        // The account exists on both instances (each test host has its own user store).
        const string Email = "ann@example.com";
        const string Password = "correct horse battery staple";
        var onA = Client(InstanceA);
        var onB = Client(InstanceB);
        await onA.PostAsync("/test/users", new { email = Email, password = Password });
        await onB.PostAsync("/test/users", new { email = Email, password = Password });

        // Five failures are free (AuthKit's default); six split over two instances exceed that only if they are counted together.
        for (var i = 0; i < 3; i++)
        {
            (await onA.PostAsync("/test/signin", new { email = Email, password = "wrong password " + i })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
            (await onB.PostAsync("/test/signin", new { email = Email, password = "wrong password " + i })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var right = await onB.PostAsync("/test/signin", new { email = Email, password = Password });

        right.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the right password waits out the back-off too");
        onB.Cookie.Should().BeNull();
        InstanceB.Logs.Lines.Should().Contain(l => l.EventId.Id == 1003, "instance B throttled the attempt");
    }
}

public sealed class RedisTwoInstanceDatabaseSessionTests : RedisTwoInstanceTests
{
    protected override string SessionMode => "Database";

    [Fact]
    public async Task SessionList_OnB_ShowsTheSessionCreatedOnA_AndRevokingItOnB_EndsItOnA()
    {
        var cookie = await Client(InstanceA).SignUpAndInAsync("ann@example.com");
        var onB = Client(InstanceB, cookie);

        var sessions = await (await onB.GetAsync("/test/sessions")).Content.ReadFromJsonAsync<JsonElement>();
        sessions.GetArrayLength().Should().Be(1);
        var id = sessions[0].GetProperty("id").GetString();

        (await onB.SendAsync(HttpMethod.Delete, $"/test/sessions/{id}")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Client(InstanceA, cookie).GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

public sealed class RedisTwoInstanceStatelessSessionTests : RedisTwoInstanceTests
{
    protected override string SessionMode => "Stateless";
}
