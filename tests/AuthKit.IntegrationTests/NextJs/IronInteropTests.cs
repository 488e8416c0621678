using System.Net;
using System.Text.Json.Nodes;
using AuthKit.NextJs;

namespace AuthKit.IntegrationTests.NextJs;

/// <summary>iron-session cookies, against the real iron-session 9.0.1 and iron-webcrypto 2.0.0 run by node.</summary>
public sealed class IronInteropTests : IDisposable
{
    private const int TtlSeconds = 14 * 24 * 3600;
    private const string WrongPassword = "a_wrong_password_that_is_long_enough_for_iron";

    private readonly List<NextJsApp> _apps = [];

    public void Dispose() => _apps.ForEach(a => a.Dispose());

    private NextJsApp App(Action<NextJsSessionOptions>? configure = null)
    {
        var app = new NextJsApp(NextJsSessionFormat.IronSession, configure);
        _apps.Add(app);
        return app;
    }

    private static Dictionary<string, string> Passwords(params (string Id, string Password)[] passwords) => passwords.ToDictionary(p => p.Id, p => p.Password);

    private static async Task<string> NodeSealAsync(object data, Dictionary<string, string>? password = null, int ttl = TtlSeconds)
        => (await NodeInterop.RunAsync(new { op = "iron-seal", data, password = password ?? Passwords(("1", NextJsApp.IronPasswordOne)), ttl }))["seal"]!.GetValue<string>();

    private static async Task<JsonObject> NodeUnsealAsync(string seal, Dictionary<string, string>? password = null)
        => await NodeInterop.RunAsync(new { op = "iron-unseal", seal, password = password ?? Passwords(("1", NextJsApp.IronPasswordOne)), ttl = TtlSeconds });

    private static string Tamper(string seal)
    {
        // Flip one character of the ciphertext (field 4): the HMAC must catch it before decryption.
        var parts = seal.Split('*');
        parts[4] = (parts[4][0] == 'A' ? 'B' : 'A') + parts[4][1..];
        return string.Join('*', parts);
    }

    [SkippableFact]
    public async Task NodeMadeCookie_IsAcceptedWithTheUserAndRolesOfThePayload()
    {
        var app = App();
        app.Cookie = await NodeSealAsync(new { userId = "7", roles = new[] { "admin" }, cart = new[] { 1, 2 } });

        (await app.UserIdAsync()).Should().Be("7");
        (await app.SendAsync(HttpMethod.Get, "/api/admin")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [SkippableFact]
    public async Task NodeMadeCookie_WithNestedUserPath_IsAccepted()
    {
        var app = App(o => o.UserIdPath = "user.id");
        app.Cookie = await NodeSealAsync(new { user = new { id = 1234, name = "Ann" } });

        (await app.UserIdAsync()).Should().Be("1234");
    }

    [SkippableFact]
    public async Task AuthKitMadeCookie_IsAcceptedByIronSession_WithTheSamePayload()
    {
        var app = App();
        var userId = await app.SignUpAndInAsync("ann@example.com");
        var me = await app.MeAsync();

        var opened = await NodeUnsealAsync(app.Cookie!);

        app.Cookie.Should().StartWith("Fe26.2*1*").And.EndWith("~2");
        opened["ok"]!.GetValue<bool>().Should().BeTrue(opened.ToJsonString());
        var data = opened["data"]!.AsObject();
        data["userId"]!.GetValue<string>().Should().Be(userId);
        data["iat"]!.GetValue<double>().Should().BeApproximately(app.Time.GetUtcNow().ToUnixTimeMilliseconds() / 1000d, 0.001);
        data["sid"]!.GetValue<string>().Should().Be(me["sessionId"]!.GetValue<string>());
    }

    [SkippableFact]
    public async Task TamperedNodeCookie_IsRefusedByAuthKit()
    {
        var app = App();
        app.Cookie = Tamper(await NodeSealAsync(new { userId = "7" }));

        (await app.UserIdAsync()).Should().BeNull();
        app.Logs.Lines.Should().Contain(l => l.Message.Contains("bad hmac", StringComparison.Ordinal));
    }

    [SkippableFact]
    public async Task TamperedAuthKitCookie_IsRefusedByIronSession()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");

        var opened = await NodeUnsealAsync(Tamper(app.Cookie!));

        opened["ok"]!.GetValue<bool>().Should().BeFalse();
    }

    [SkippableFact]
    public async Task ExpiredNodeCookie_IsRefusedByAuthKit_SixtySecondsAfterItsExpiration()
    {
        var app = App();
        var now = app.Time.GetUtcNow();
        var sealedAt = await NodeInterop.RunAsync(new { op = "iron-seal-at", data = new { userId = "7" }, password = Passwords(("1", NextJsApp.IronPasswordOne)), ttl = 120, now = now.ToUnixTimeMilliseconds() });
        app.Cookie = sealedAt["seal"]!.GetValue<string>();
        var expiration = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(app.Cookie.Split('*')[5], System.Globalization.CultureInfo.InvariantCulture));

        app.Time.SetUtcNow(expiration + TimeSpan.FromSeconds(59));
        (await app.UserIdAsync()).Should().Be("7", "iron accepts a seal until 60 s after its expiration");

        app.Time.SetUtcNow(expiration + TimeSpan.FromSeconds(60));
        (await app.UserIdAsync()).Should().BeNull();
    }

    [SkippableFact]
    public async Task ExpiredAuthKitCookie_IsRefusedByIron()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");
        var end = app.Time.GetUtcNow() + TimeSpan.FromDays(7);

        var before = await NodeInterop.RunAsync(new { op = "iron-unseal-at", seal = app.Cookie, password = Passwords(("1", NextJsApp.IronPasswordOne)), ttl = TtlSeconds, now = (end - TimeSpan.FromSeconds(1)).ToUnixTimeMilliseconds() });
        var after = await NodeInterop.RunAsync(new { op = "iron-unseal-at", seal = app.Cookie, password = Passwords(("1", NextJsApp.IronPasswordOne)), ttl = TtlSeconds, now = end.ToUnixTimeMilliseconds() });

        before["ok"]!.GetValue<bool>().Should().BeTrue(before.ToJsonString());
        after["ok"]!.GetValue<bool>().Should().BeFalse();
        after["error"]!.GetValue<string>().Should().Be("Expired seal");
    }

    [SkippableFact]
    public async Task NodeCookieWithAnotherPassword_IsRefusedByAuthKit()
    {
        var app = App();
        app.Cookie = await NodeSealAsync(new { userId = "7" }, Passwords(("1", WrongPassword)));

        (await app.UserIdAsync()).Should().BeNull();
    }

    [SkippableFact]
    public async Task AuthKitCookie_IsRefusedByIronSession_WithAnotherPassword()
    {
        var app = App();
        await app.SignUpAndInAsync("ann@example.com");

        var opened = await NodeUnsealAsync(app.Cookie!, Passwords(("1", WrongPassword)));

        opened["ok"]!.GetValue<bool>().Should().BeFalse();
    }

    [SkippableFact]
    public async Task PasswordRotation_NodeCookieWithOlderId_IsAcceptedAndResealedWithTheNewest_KeepingOtherFields()
    {
        var app = App(o => o.Passwords["2"] = NextJsApp.IronPasswordTwo);
        app.Cookie = await NodeSealAsync(new { userId = "7", cart = new[] { 1, 2 } });

        (await app.UserIdAsync()).Should().Be("7");

        app.LastSetCookie.Should().NotBeNull("a cookie sealed with an older password is re-sealed");
        app.Cookie.Should().StartWith("Fe26.2*2*");
        var opened = await NodeUnsealAsync(app.Cookie!, Passwords(("2", NextJsApp.IronPasswordTwo)));
        opened["ok"]!.GetValue<bool>().Should().BeTrue(opened.ToJsonString());
        opened["data"]!["userId"]!.GetValue<string>().Should().Be("7");
        opened["data"]!["cart"]!.ToJsonString().Should().Be("[1,2]");
    }
}
