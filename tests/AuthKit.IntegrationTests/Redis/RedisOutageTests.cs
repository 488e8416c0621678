using System.Net;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>
/// Fail closed, then recover: with Redis down the protected API answers 503 (never 200, never 401: the user is not
/// signed out); once Redis is back the sessions made before the outage work again, without restarting the app.
/// Each test runs its own <c>redis-server</c> (append-only, fsync per write), killed and restarted mid-test.
/// </summary>
public abstract class RedisOutageTests : IAsyncLifetime
{
    private readonly string _prefix = TestRedis.NewPrefix("outage");
    private readonly List<SessionClient> _clients = [];
    private RedisServer _server = null!;
    private AuthKitAppFactory _app = null!;

    protected abstract string SessionMode { get; }

    public async Task InitializeAsync()
    {
        _server = await RedisServer.StartNewAsync();
        _app = RedisApp.Create(SessionMode, _server.Address, _prefix);
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    private SessionClient Client()
    {
        var client = _app.CreateSessionClient();
        _clients.Add(client);
        return client;
    }

    [Fact]
    public async Task RedisDown_ProtectedApiAnswers503_ThenSessionsWorkAgainWhenRedisIsBack()
    {
        var client = Client();
        var cookie = await client.SignUpAndInAsync("ann@example.com");

        // A second session, signed out before the outage: its revocation must survive the restart too.
        var signedOut = Client();
        var signedOutCookie = await signedOut.SignInAsync("ann@example.com");
        await signedOut.PostAsync("/test/signout");

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);

        await _server.StopAsync();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var down = await client.GetAsync("/api/me");
            down.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a store that cannot answer must deny, never allow");
            client.Cookie.Should().Be(cookie, "an outage does not sign the user out");
        }

        _app.Logs.Lines.Should().Contain(l => l.EventId.Id == 3001, "AuthKit.Redis logs that Redis is unreachable");

        await _server.StartAsync();

        // The multiplexer reconnects by itself; wait for it (bounded), answering 503 meanwhile and nothing else.
        HttpStatusCode status;
        var attempts = 0;
        do
        {
            status = (await client.GetAsync("/api/me")).StatusCode;
            status.Should().BeOneOf(HttpStatusCode.ServiceUnavailable, HttpStatusCode.OK);
            if (status == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(250);
        }
        while (++attempts < 120);

        status.Should().Be(HttpStatusCode.OK, "the session made before the outage is still there after Redis restarted");

        // StackExchange.Redis raises ConnectionRestored on its own thread, possibly after the first command succeeded.
        SpinWait.SpinUntil(() => _app.Logs.Lines.Any(l => l.EventId.Id == 3003), TimeSpan.FromSeconds(10));
        _app.Logs.Lines.Should().Contain(l => l.EventId.Id == 3003, "the reconnection is logged");
        signedOut.Cookie = signedOutCookie;
        (await signedOut.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a logout before the outage still holds");
    }
}

public sealed class RedisOutageDatabaseSessionTests : RedisOutageTests
{
    protected override string SessionMode => "Database";
}

public sealed class RedisOutageStatelessSessionTests : RedisOutageTests
{
    protected override string SessionMode => "Stateless";
}
