using System.Net;
using System.Text.Json.Nodes;
using AuthKit.NextJs;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.NextJs;

/// <summary>
/// What the stateless kind offers keeps working with the Next.js formats: cookie attributes, revocation, renewal,
/// the published jose vector, and "no session" for every malformed cookie. One subclass per format.
/// </summary>
public abstract class NextJsSessionTests : IDisposable
{
    private readonly List<NextJsApp> _apps = [];

    protected abstract NextJsSessionFormat Format { get; }

    public void Dispose()
    {
        _apps.ForEach(a => a.Dispose());
        GC.SuppressFinalize(this);
    }

    protected NextJsApp App(Action<NextJsSessionOptions>? configure = null, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        var app = new NextJsApp(Format, configure, time, settings, environment);
        _apps.Add(app);
        return app;
    }

    [Fact]
    public async Task SignIn_WritesTheNextJsCookie_WithTheDefaultsOfBothSides()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");

        var cookie = app.LastSetCookie!;
        cookie.Name.Value.Should().Be("session");
        cookie.HttpOnly.Should().BeTrue();
        cookie.Secure.Should().BeTrue();
        cookie.SameSite.Should().Be(Microsoft.Net.Http.Headers.SameSiteMode.Lax);
        cookie.Path.Value.Should().Be("/");
        cookie.Domain.HasValue.Should().BeFalse();
    }

    [Fact]
    public async Task SignIn_ThenRequest_SeesTheUser()
    {
        var app = App();
        var userId = await app.SignUpAndInAsync("ann@example.com");

        (await app.UserIdAsync()).Should().Be(userId);
    }

    [Fact]
    public async Task Logout_ThenReplayOfTheCapturedCookie_IsRefused()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var captured = app.Cookie;

        (await app.SendAsync(HttpMethod.Post, "/test/signout")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        app.Cookie = captured;

        (await app.UserIdAsync()).Should().BeNull("the revocation list holds the foreign cookie's session id");
    }

    [Fact]
    public async Task CrossSitePost_WithTheNextJsCookie_IsRefused_AndChangesNothing()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var cookie = app.Cookie;
        app.Origin = "https://evil.example";

        var forged = await app.SendAsync(HttpMethod.Post, "/test/signout");

        forged.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the CSRF check follows the cookie the configured format reads");
        app.Cookie = cookie;
        (await app.UserIdAsync()).Should().NotBeNull("the forged sign-out changed nothing");
        app.Origin = null;
        (await app.SendAsync(HttpMethod.Post, "/test/signout")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "no Origin and no Sec-Fetch-Site is refused too");
    }

    [Fact]
    public async Task SignOutEverywhere_RefusesEveryCookieOfTheUser()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var first = app.Cookie;
        (await app.SendAsync(HttpMethod.Post, "/test/signin", new { email = "ann@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.OK);

        (await app.SendAsync(HttpMethod.Post, "/test/signout-everywhere")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await app.UserIdAsync()).Should().BeNull();
        app.Cookie = first;
        (await app.UserIdAsync()).Should().BeNull();
    }

    [Fact]
    public async Task SignOutOthers_KeepsTheCurrentSession_AndRefusesItsOlderCopy()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var before = app.Cookie;

        (await app.SendAsync(HttpMethod.Post, "/test/signout-others")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await app.UserIdAsync()).Should().NotBeNull("the re-issued cookie is dated after the revocation");
        app.Cookie = before;
        (await app.UserIdAsync()).Should().BeNull();
    }

    [Fact]
    public async Task SignOutOthers_Repeated_NeverMovesTheAbsoluteLimit()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var signedIn = app.Time.GetUtcNow();

        // "Sign out other devices" every five days (inside the idle window) for ninety days.
        for (var day = 5; day <= 90; day += 5)
        {
            app.Time.Advance(TimeSpan.FromDays(5));
            var alive = app.Time.GetUtcNow() < signedIn + TimeSpan.FromDays(30);
            (await app.SendAsync(HttpMethod.Post, "/test/signout-others")).StatusCode.Should().Be(alive ? HttpStatusCode.NoContent : HttpStatusCode.Unauthorized, $"day {day}");
            (await app.UserIdAsync() is not null).Should().Be(alive, $"day {day}: the session ends 30 days after sign-in, however often it is re-issued");
        }
    }

    [Fact]
    public async Task Renewal_AfterHalfTheIdleWindow_ReissuesTheCookie_AndLogoutStillRefusesTheOldCopy()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var original = app.Cookie;
        var sessionId = (await app.MeAsync())["sessionId"]!.GetValue<string>();

        app.Time.Advance(TimeSpan.FromDays(4));
        var me = await app.MeAsync();

        app.LastSetCookie.Should().NotBeNull("less than half the idle window remained");
        app.Cookie.Should().NotBe(original);
        me["sessionId"]!.GetValue<string>().Should().Be(sessionId, "the session id travels in the payload");
        DateTimeOffset.Parse(me["idleExpiresAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            .Should().BeCloseTo(app.Time.GetUtcNow() + TimeSpan.FromDays(7), TimeSpan.FromSeconds(1));

        (await app.SendAsync(HttpMethod.Post, "/test/signout")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        app.Cookie = original;
        (await app.UserIdAsync()).Should().BeNull();
    }

    [Fact]
    public async Task Session_EndsAtTheIdleExpiry()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");

        app.Time.Advance(TimeSpan.FromDays(7));

        (await app.UserIdAsync()).Should().BeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("a.b.c")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9..")]
    [InlineData("Fe26.2**********")]
    [InlineData("Fe26.2*1*x*y*z*1*w*v~2")]
    [InlineData("Fe26.2*1*x*AAAAAAAAAAAAAAAAAAAAAA*AAAAAAAAAAAAAAAAAAAAAA*99999999999999999999*w*AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("%00%FF")]
    public async Task MalformedCookie_IsNoSession_NeverAnError(string value)
    {
        var app = App();
        app.Cookie = value;

        var response = await app.SendAsync(HttpMethod.Get, "/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AuthKitMadeCookie_WithAnyCharacterChanged_IsNoSession_NeverAnError()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var cookie = app.Cookie!;

        // Every 5th position covers each field of both formats (header, payload, salts, IV, ciphertext, MAC). iron-session's
        // "~2" suffix is outside the seal's HMAC and is ignored by iron-session too, so it is left alone.
        var end = cookie.IndexOf('~', StringComparison.Ordinal) is var suffix and >= 0 ? suffix : cookie.Length;
        for (var i = 0; i < end; i += 5)
        {
            var replacement = cookie[i] == 'A' ? 'B' : 'A';
            app.Cookie = cookie[..i] + replacement + cookie[(i + 1)..];

            var response = await app.SendAsync(HttpMethod.Get, "/api/me");

            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"position {i} of {cookie.Length} was changed");
        }
    }

    [Fact]
    public async Task OversizedCookie_IsNoSession()
    {
        var app = App();
        app.Cookie = new string('A', 5000);

        (await app.SendAsync(HttpMethod.Get, "/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task WithoutAuthKitKeys_InProduction_TheAppStartsAndServesSessions()
    {
        // The Next.js format brings its own secret, so AuthKit's key ring is neither required nor built.
        var app = App(settings: new Dictionary<string, string?> { ["AuthKit:Keys:0:Id"] = null, ["AuthKit:Keys:0:Secret"] = null }, environment: "Production");

        var userId = await app.SignUpAndInAsync("ann@example.com");

        (await app.UserIdAsync()).Should().Be(userId);
    }

    [Fact]
    public async Task AuthKitOwnCookie_IsNotASession()
    {
        // The default format's cookie is not read once a Next.js format is configured.
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        app.CookieName = "__Host-authkit";

        (await app.UserIdAsync()).Should().BeNull();
    }
}

public sealed class JoseSessionTests : NextJsSessionTests
{
    protected override NextJsSessionFormat Format => NextJsSessionFormat.Jose;

    private static JsonObject Vector() => JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "NextJs", "Vectors", "jose-nextjs-session.json")))!.AsObject();

    [Fact]
    public async Task PublishedVector_IsAcceptedBetweenIatAndExp_AndRefusedAtExp()
    {
        var vector = Vector()["vectors"]![0]!;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(vector["payload"]!["exp"]!.GetValue<long>()) - TimeSpan.FromSeconds(1));
        var app = App(o => o.Secret = Vector()["secret"]!.GetValue<string>(), time);
        app.Cookie = vector["token"]!.GetValue<string>();

        (await app.UserIdAsync()).Should().Be("42");

        time.Advance(TimeSpan.FromSeconds(1));
        (await app.UserIdAsync()).Should().BeNull();
    }

    [Fact]
    public async Task PublishedVector_WithAnotherSecret_IsRefused()
    {
        var vector = Vector()["vectors"]![0]!;
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(vector["payload"]!["iat"]!.GetValue<long>()));
        var app = App(o => o.Secret = "another-secret-that-is-long-enough-to-be-valid", time);
        app.Cookie = vector["token"]!.GetValue<string>();

        (await app.UserIdAsync()).Should().BeNull();
    }
}

public sealed class IronSessionTests : NextJsSessionTests
{
    protected override NextJsSessionFormat Format => NextJsSessionFormat.IronSession;
}
