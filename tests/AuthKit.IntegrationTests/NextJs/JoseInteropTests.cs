using System.Buffers.Text;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using AuthKit.NextJs;

namespace AuthKit.IntegrationTests.NextJs;

/// <summary>The Next.js guide's jose session cookie, against the real jose 6.2.17 run by node.</summary>
public sealed class JoseInteropTests : IDisposable
{
    private const string OtherSecret = "an-entirely-different-secret-of-44-characters";

    private readonly NextJsApp _app = new(NextJsSessionFormat.Jose);

    public void Dispose() => _app.Dispose();

    private long NowSeconds => _app.Time.GetUtcNow().ToUnixTimeSeconds();

    private async Task<string> NodeSignAsync(object payload, string secret = NextJsApp.JoseSecret, string alg = "HS256", long? exp = null)
    {
        var iat = NowSeconds;
        var answer = await NodeInterop.RunAsync(new { op = "jose-sign", payload, secret, alg, iat, exp = exp ?? iat + (7 * 24 * 3600) });
        return answer["token"]!.GetValue<string>();
    }

    private async Task<JsonObject> NodeVerifyAsync(string token, string secret = NextJsApp.JoseSecret, DateTimeOffset? now = null)
        => await NodeInterop.RunAsync(new { op = "jose-verify", token, secret, now = (now ?? _app.Time.GetUtcNow()).ToUnixTimeMilliseconds() });

    private static string Tamper(string token)
    {
        // Same signature, payload rewritten to another user.
        var parts = token.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!.AsObject();
        payload["userId"] = "admin-1";
        return $"{parts[0]}.{Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payload.ToJsonString()))}.{parts[2]}";
    }

    [SkippableFact]
    public async Task NodeMadeCookie_IsAcceptedWithTheUserOfThePayload()
    {
        _app.Cookie = await NodeSignAsync(new { userId = "42", expiresAt = "2030-01-01T00:00:00.000Z" });

        (await _app.UserIdAsync()).Should().Be("42");
    }

    [SkippableFact]
    public async Task AuthKitMadeCookie_IsAcceptedByJose_WithTheSamePayload()
    {
        var userId = await _app.SignUpAndInAsync("ann@example.com");
        var now = _app.Time.GetUtcNow();

        var verified = await NodeVerifyAsync(_app.Cookie!);

        verified["ok"]!.GetValue<bool>().Should().BeTrue(verified.ToJsonString());
        verified["header"]!.ToJsonString().Should().Be("""{"alg":"HS256"}""");
        var payload = verified["payload"]!.AsObject();
        payload["userId"]!.GetValue<string>().Should().Be(userId);
        payload["iat"]!.GetValue<double>().Should().BeApproximately(now.ToUnixTimeMilliseconds() / 1000d, 0.001);
        payload["exp"]!.GetValue<long>().Should().Be((now + TimeSpan.FromDays(7)).ToUnixTimeSeconds());
        payload["expiresAt"]!.GetValue<string>().Should().Be(DateTimeOffset.FromUnixTimeSeconds((now + TimeSpan.FromDays(7)).ToUnixTimeSeconds()).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
    }

    [SkippableFact]
    public async Task TamperedNodeCookie_IsRefusedByAuthKit()
    {
        _app.Cookie = Tamper(await NodeSignAsync(new { userId = "42" }));

        (await _app.UserIdAsync()).Should().BeNull();
    }

    [SkippableFact]
    public async Task TamperedAuthKitCookie_IsRefusedByJose()
    {
        await _app.SignUpAndInAsync("ann@example.com");

        var verified = await NodeVerifyAsync(Tamper(_app.Cookie!));

        verified["ok"]!.GetValue<bool>().Should().BeFalse();
        verified["error"]!.GetValue<string>().Should().Be("ERR_JWS_SIGNATURE_VERIFICATION_FAILED");
    }

    [SkippableFact]
    public async Task ExpiredNodeCookie_IsRefusedByAuthKit_AtItsExp()
    {
        var token = await NodeSignAsync(new { userId = "42" }, exp: NowSeconds + 120);
        var exp = DateTimeOffset.FromUnixTimeSeconds(NowSeconds + 120);
        _app.Time.SetUtcNow(exp - TimeSpan.FromMilliseconds(1));
        _app.Cookie = token;
        (await _app.UserIdAsync()).Should().Be("42");

        // The request above renewed the session (less than half the idle window was left); replay the original token.
        _app.Cookie = token;
        _app.Time.SetUtcNow(exp);

        (await _app.UserIdAsync()).Should().BeNull("jose treats exp <= now as expired, and so does AuthKit");
    }

    [SkippableFact]
    public async Task ExpiredAuthKitCookie_IsRefusedByJose()
    {
        await _app.SignUpAndInAsync("ann@example.com");

        var verified = await NodeVerifyAsync(_app.Cookie!, now: _app.Time.GetUtcNow() + TimeSpan.FromDays(7));

        verified["ok"]!.GetValue<bool>().Should().BeFalse();
        verified["error"]!.GetValue<string>().Should().Be("ERR_JWT_EXPIRED");
    }

    [SkippableFact]
    public async Task CookieSignedWithAnotherSecret_IsRefusedByAuthKit()
    {
        _app.Cookie = await NodeSignAsync(new { userId = "42" }, secret: OtherSecret);

        (await _app.UserIdAsync()).Should().BeNull();
    }

    [SkippableFact]
    public async Task AuthKitCookie_IsRefusedByJose_WithAnotherSecret()
    {
        await _app.SignUpAndInAsync("ann@example.com");

        var verified = await NodeVerifyAsync(_app.Cookie!, secret: OtherSecret);

        verified["ok"]!.GetValue<bool>().Should().BeFalse();
    }

    [SkippableTheory]
    [InlineData("HS512")]
    [InlineData("HS384")]
    public async Task NodeCookieWithAnotherAlgorithm_IsRefusedByAuthKit(string alg)
    {
        _app.Cookie = await NodeSignAsync(new { userId = "42" }, alg: alg);

        (await _app.UserIdAsync()).Should().BeNull();
    }

    [SkippableFact]
    public async Task UnsecuredToken_IsRefusedByBothSides()
    {
        var header = Base64Url.EncodeToString("""{"alg":"none"}"""u8);
        var payload = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($$"""{"userId":"42","iat":{{NowSeconds}},"exp":{{NowSeconds + 3600}}}"""));
        var token = $"{header}.{payload}.";

        var verified = await NodeVerifyAsync(token);
        _app.Cookie = token;

        verified["ok"]!.GetValue<bool>().Should().BeFalse();
        (await _app.UserIdAsync()).Should().BeNull();
    }
}
