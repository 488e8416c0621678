using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Net.Http.Headers;

namespace AuthKit.IntegrationTests.Sessions;

/// <summary>
/// Behaviour both session kinds share, over HTTP with a fake clock. One subclass per kind runs it all.
/// </summary>
public abstract class SessionBehaviourTests : AppTestBase
{
    protected abstract string SessionMode { get; }

    protected static TimeSpan Idle => TimeSpan.FromDays(7);

    protected static TimeSpan Absolute => TimeSpan.FromDays(30);

    protected override AuthKitAppFactory CreateApp() => new(SessionMode);

    [Fact]
    public async Task SignIn_ThenProtectedApi_ReturnsTheUserFromTheSession()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com", values: new() { ["theme"] = "dark" });

        var response = await client.GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var me = await response.Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("userId").GetString().Should().Be("u1");
        me.GetProperty("values").GetProperty("theme").GetString().Should().Be("dark");
        me.GetProperty("sessionId").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task SignOutOthers_Repeated_NeverMovesTheAbsoluteLimit()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        var signedIn = App.Time.GetUtcNow();

        // "Sign out other devices" every five days (inside the idle window) for ninety days.
        for (var day = 5; day <= 90; day += 5)
        {
            App.Time.Advance(TimeSpan.FromDays(5));
            var alive = App.Time.GetUtcNow() < signedIn + Absolute;
            (await client.PostAsync("/test/signout-others")).StatusCode.Should().Be(alive ? HttpStatusCode.NoContent : HttpStatusCode.Unauthorized, $"day {day}");
            ((await client.GetAsync("/api/me")).StatusCode == HttpStatusCode.OK).Should().Be(alive, $"day {day}: the session ends 30 days after sign-in, however often it is re-issued");
        }
    }

    [Fact]
    public async Task ProtectedApi_WithoutCookie_Returns401()
    {
        (await Client().GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SessionCookie_HasHostPrefixAndSecureAttributes()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");

        var cookie = client.LastSetCookie!;
        cookie.Name.Value.Should().Be("__Host-authkit");
        cookie.Secure.Should().BeTrue();
        cookie.HttpOnly.Should().BeTrue();
        cookie.SameSite.Should().Be(SameSiteMode.Lax);
        cookie.Path.Value.Should().Be("/");
        cookie.Domain.HasValue.Should().BeFalse();
        cookie.Expires.Should().Be(App.Time.GetUtcNow() + Idle, "the browser keeps the cookie as long as the idle window");
    }

    [Fact]
    public async Task Session_UnusedForTheIdleWindow_Expires()
    {
        var used = Client();
        var unused = Client();
        await used.SignUpAndInAsync("ann@example.com");
        await unused.SignInAsync("ann@example.com");

        App.Time.Advance(Idle - TimeSpan.FromSeconds(1));
        (await used.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "one second before the idle limit");

        App.Time.Advance(TimeSpan.FromSeconds(1));
        (await unused.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "unused for the whole idle window");
        (await used.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "the used session was renewed");
    }

    [Fact]
    public async Task Session_UsedContinuously_StillEndsAtTheAbsoluteLimit()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        var start = App.Time.GetUtcNow();

        while (App.Time.GetUtcNow() + TimeSpan.FromDays(1) < start + Absolute)
        {
            App.Time.Advance(TimeSpan.FromDays(1));
            (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, $"day {(App.Time.GetUtcNow() - start).TotalDays}");
        }

        App.Time.SetUtcNow(start + Absolute);
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Renewal_HappensOnlyWhenLessThanHalfTheIdleWindowRemains()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");

        App.Time.Advance(TimeSpan.FromDays(3.5) - TimeSpan.FromMinutes(1));
        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        client.LastSetCookie.Should().BeNull("more than half of the idle window remains");

        App.Time.Advance(TimeSpan.FromMinutes(2));
        var response = await client.GetAsync("/api/me");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        client.LastSetCookie.Should().NotBeNull("less than half of the idle window remains");
        client.LastSetCookie!.Expires.Should().Be(App.Time.GetUtcNow() + Idle);

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        client.LastSetCookie.Should().BeNull("the renewed cookie is good for another half window");
    }

    [Fact]
    public async Task Renewal_NeverExtendsPastTheAbsoluteLimit()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        var absoluteEnd = App.Time.GetUtcNow() + Absolute;

        for (var day = 4; day <= 28; day += 4)
        {
            App.Time.Advance(TimeSpan.FromDays(4));
            (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var me = await (await client.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>();
        me.GetProperty("idleExpiresAt").GetDateTimeOffset().Should().Be(absoluteEnd);
        me.GetProperty("absoluteExpiresAt").GetDateTimeOffset().Should().Be(absoluteEnd);
    }

    [Fact]
    public async Task Logout_ThenReplayOfTheCapturedCookie_Returns401()
    {
        var client = Client();
        var captured = await client.SignUpAndInAsync("ann@example.com");

        var logout = await client.PostAsync("/test/signout");

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        client.Cookie.Should().BeNull("logout deletes the cookie");
        var attacker = Client();
        attacker.Cookie = captured;
        (await attacker.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task SignOutEverywhere_EndsEverySessionOfTheUser()
    {
        var laptop = Client();
        var phone = Client();
        await laptop.SignUpAndInAsync("ann@example.com");
        await phone.SignInAsync("ann@example.com");
        var other = Client();
        await other.SignUpAndInAsync("bob@example.com");

        (await laptop.PostAsync("/test/signout-everywhere")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await laptop.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await other.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK, "another user's sessions are untouched");
    }

    [Fact]
    public async Task SignInAgain_AfterSignOutEverywhere_Works()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        await client.PostAsync("/test/signout-everywhere");
        App.Time.Advance(TimeSpan.FromMilliseconds(1)); // a sign-in in the very same millisecond is refused: the safe side

        await client.SignInAsync("ann@example.com");

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task RevokeOthers_EndsOtherDevicesAndKeepsThisOne()
    {
        var laptop = Client();
        var phone = Client();
        await laptop.SignUpAndInAsync("ann@example.com");
        await phone.SignInAsync("ann@example.com");

        (await laptop.PostAsync("/test/signout-others")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await laptop.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await phone.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RevokedSession_ItsCookieIsDeletedAtTheNextSecureCheck()
    {
        var laptop = Client();
        var phone = Client();
        await laptop.SignUpAndInAsync("ann@example.com");
        await phone.SignInAsync("ann@example.com");
        await laptop.PostAsync("/test/signout-others");

        (await phone.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        phone.Cookie.Should().BeNull("a dead cookie is deleted, so optimistic checks stop trusting it (no login/dashboard redirect loop)");
        (await phone.GetAsync("/login")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SignIn_AlwaysStartsANewSession_AndTheCookieHeldBeforeIsUseless()
    {
        var client = Client();
        var before = await client.SignUpAndInAsync("ann@example.com");
        var firstId = (await (await client.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        var after = await client.SignInAsync("ann@example.com");

        after.Should().NotBe(before);
        var secondId = (await (await client.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
        secondId.Should().NotBe(firstId);
        var old = Client();
        old.Cookie = before;
        (await old.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Token_InQueryStringOrForm_IsIgnored()
    {
        var client = Client();
        var token = await client.SignUpAndInAsync("ann@example.com");
        var anonymous = Client();

        (await anonymous.GetAsync($"/api/me?{SessionClient.DefaultCookieName}={Uri.EscapeDataString(token)}&session={Uri.EscapeDataString(token)}"))
            .StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { [SessionClient.DefaultCookieName] = token });
        (await anonymous.Http.PostAsync("/test/signout-others", form)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var bearer = new HttpRequestMessage(HttpMethod.Get, "/api/me");
        bearer.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        (await anonymous.Http.SendAsync(bearer)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FlippedCharacter_AnywhereInTheCookie_MeansNoSession()
    {
        var client = Client();
        var token = await client.SignUpAndInAsync("ann@example.com");
        var tamperer = Client();

        for (var i = 0; i < token.Length; i++)
        {
            var chars = token.ToCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            tamperer.Cookie = new string(chars);

            (await tamperer.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, $"position {i}");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("%%%%")]
    [InlineData("AQJrMQ")]
    [InlineData("eyJhbGciOiJub25lIn0.eyJ1c2VySWQiOiIxIn0.")]
    public async Task MalformedCookie_MeansNoSession(string value)
    {
        var client = Client();
        client.Cookie = value;

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OversizedCookieHeader_MeansNoSession()
    {
        var client = Client();
        client.Cookie = new string('A', 20_000);

        (await client.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task RoleProtectedApi_AdminGets200_OthersGet403_Anonymous401()
    {
        var admin = Client();
        await admin.SignUpAndInAsync("admin@example.com");
        var user = Client();
        await user.SignUpAndInAsync("ann@example.com");

        (await admin.GetAsync("/api/admin")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await user.GetAsync("/api/admin")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await Client().GetAsync("/api/admin")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task OptimisticCheck_ReadsTheCookieWithoutTheAuthority()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");

        (await client.GetAsync("/api/optimistic")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().GetAsync("/api/optimistic")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}

public sealed class StatelessSessionBehaviourTests : SessionBehaviourTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabaseSessionBehaviourTests : SessionBehaviourTests
{
    protected override string SessionMode => "Database";
}

public sealed class SqliteDatabaseSessionBehaviourTests : SessionBehaviourTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-sessions-").FullName;

    protected override string SessionMode => "Database";

    protected override AuthKitAppFactory CreateApp() => new(SessionMode, new Dictionary<string, string?>
    {
        ["Sessions:Store"] = "Sqlite",
        ["ConnectionStrings:Sessions"] = $"Data Source={Path.Combine(_directory, "sessions.db")}",
    });

    public override void Dispose()
    {
        base.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
