using System.Net;
using AuthKit.Testing.Mail;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.TwoFactor;

/// <summary>Sign-in with a second factor, for both session kinds: the pending state, the second step and its attacks.</summary>
public abstract class TwoFactorSignInTests : TwoFactorTestBase
{
    [Fact]
    public async Task SignIn_RightPassword_GivesOnlyThePendingState_AndTheCodeCompletesItUnderANewSessionId()
    {
        var user = await EnrolAsync(App);

        // A session the browser already held (another sign-in of the same user, say) must not survive as the new one.
        var browser = Client();
        await browser.SignInAsync(user.Email, Password);
        var before = (await JsonAsync(await browser.GetAsync("/api/me"))).GetProperty("sessionId").GetString();

        var login = await browser.PostAsync("/api/auth/login", new { email = user.Email, password = Password });
        (await JsonAsync(login)).GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal("totp", "recovery_code");
        browser.PendingCookie.Should().NotBeNull();

        var second = await browser.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret) });

        second.StatusCode.Should().Be(HttpStatusCode.OK);
        browser.PendingCookie.Should().BeNull("the pending cookie is deleted once used");
        var after = (await JsonAsync(await browser.GetAsync("/api/me"))).GetProperty("sessionId").GetString();
        after.Should().NotBe(before);
        (await JsonAsync(await browser.GetAsync("/api/auth/session"))).GetProperty("twoFactorEnabled").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task WrongPassword_NeverRevealsTheSecondFactor()
    {
        var user = await EnrolAsync(App);
        var other = TestSmtp.NewAddress();
        await Client().SignUpAndInAsync(other, Password);

        var enrolled = await Client().PostAsync("/api/auth/login", new { email = user.Email, password = "not the password" });
        var plain = await Client().PostAsync("/api/auth/login", new { email = other, password = "not the password" });

        enrolled.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await enrolled.Content.ReadAsStringAsync()).Should().Be(await plain.Content.ReadAsStringAsync());
        enrolled.Headers.Contains("Set-Cookie").Should().BeFalse();
    }

    [Theory]
    [InlineData("GET", "/dashboard")]
    [InlineData("GET", "/api/profile")]
    [InlineData("GET", "/api/me")]
    [InlineData("GET", "/api/admin")]
    [InlineData("GET", "/api/group/ping")]
    [InlineData("GET", "/api/auth/session")]
    [InlineData("GET", "/api/auth/sessions")]
    [InlineData("POST", "/api/auth/password")]
    [InlineData("POST", "/api/auth/reauthenticate")]
    [InlineData("POST", "/api/auth/mfa/totp/setup")]
    [InlineData("POST", "/api/auth/mfa/totp/confirm")]
    [InlineData("POST", "/api/auth/mfa/totp/disable")]
    [InlineData("POST", "/api/auth/mfa/recovery-codes")]
    [InlineData("POST", "/api/auth/email/change")]
    [InlineData("POST", "/api/auth/sessions/revoke-others")]
    [InlineData("POST", "/api/fresh")]
    public async Task PendingState_ReachesNothingButTheSecondStep(string method, string path)
    {
        var user = await EnrolAsync(App);
        var pending = await PasswordStepAsync(App, user.Email);

        var response = await pending.SendAsync(new HttpMethod(method), path, method == "POST" ? new { password = Password, code = CodeAt(App, user.Secret), newEmail = TestSmtp.NewAddress() } : null);

        if (path == "/dashboard")
        {
            response.StatusCode.Should().Be(HttpStatusCode.Redirect);
            response.Headers.Location!.OriginalString.Should().StartWith("/login");
        }
        else
        {
            response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        // And the code was not used up by any of them: the second step still takes it.
        (await pending.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret) })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task PendingCookie_PresentedAsASessionCookie_IsNoSession()
    {
        var user = await EnrolAsync(App);
        var pending = await PasswordStepAsync(App, user.Email);
        var forger = Client();
        forger.Cookie = pending.PendingCookie;

        (await forger.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await forger.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PendingState_Expires()
    {
        var user = await EnrolAsync(App);
        var pending = await PasswordStepAsync(App, user.Email);
        App.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var response = await pending.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret) });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ErrorCodeAsync(response)).Should().Be("second_factor_expired");
        pending.Cookie.Should().BeNull();
    }

    [Fact]
    public async Task SecondStep_WithoutThePasswordStep_IsRefused()
    {
        var user = await EnrolAsync(App);

        var response = await Client().PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret) });

        (await ErrorCodeAsync(response)).Should().Be("second_factor_expired");
    }

    [Fact]
    public async Task Code_IsAcceptedOnce_AReplayInTheSameWindowIsRefused()
    {
        var user = await EnrolAsync(App);
        var code = CodeAt(App, user.Secret);
        (await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { code })).StatusCode.Should().Be(HttpStatusCode.OK);

        // Seen over a shoulder: the same code, still inside its 30 seconds, in another sign-in.
        var replay = await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { code });

        replay.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(replay)).Should().Be("code_invalid");
    }

    [Fact]
    public async Task Code_OfThePreviousOrNextStep_IsAccepted_TwoStepsAwayIsRefused()
    {
        var user = await EnrolAsync(App);
        App.Time.Advance(TimeSpan.FromSeconds(60));

        (await SecondStepAsync(user, CodeAt(App, user.Secret, -1))).StatusCode.Should().Be(HttpStatusCode.OK, "a clock 30 s slow");
        App.Time.Advance(TimeSpan.FromSeconds(60));
        (await SecondStepAsync(user, CodeAt(App, user.Secret, +1))).StatusCode.Should().Be(HttpStatusCode.OK, "a clock 30 s fast");
        App.Time.Advance(TimeSpan.FromSeconds(120));
        (await SecondStepAsync(user, CodeAt(App, user.Secret, -2))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SecondStepAsync(user, CodeAt(App, user.Secret, +2))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SecondStepAsync(user, CodeAt(App, user.Secret))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12345a")]
    [InlineData("")]
    public async Task Code_Malformed_IsRefusedClearly(string code)
    {
        var user = await EnrolAsync(App);

        var response = await SecondStepAsync(user, code);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("code_invalid");
    }

    [Fact]
    public async Task RecoveryCode_WorksOnce_AndTheOwnerIsTold()
    {
        var user = await EnrolAsync(App);
        var code = user.RecoveryCodes[3].ToUpperInvariant().Replace("-", " ", StringComparison.Ordinal);

        var first = await PasswordStepAsync(App, user.Email);
        (await first.PostAsync("/api/auth/login/second-factor", new { recoveryCode = code })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await RecoveryCodesLeftAsync(first)).Should().Be(9);
        var again = await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { recoveryCode = user.RecoveryCodes[3] });

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(again)).Should().Be("code_invalid");
        var mails = await Smtp.WaitForAsync(user.Email, 2);
        mails.Select(m => m.Subject).Should().Contain(s => s.Contains("recovery code was used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongCodes_AreThrottledPerAccount_AndTheOwnerIsTold()
    {
        var user = await EnrolAsync(App);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await SecondStepAsync(user, "000000")).StatusCode);
        }

        statuses.Take(5).Should().AllBeEquivalentTo(HttpStatusCode.BadRequest);
        statuses.Skip(5).Should().AllBeEquivalentTo(HttpStatusCode.TooManyRequests);

        // Even the right code waits now.
        (await SecondStepAsync(user, CodeAt(App, user.Secret))).StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await Smtp.WaitForAsync(user.Email, 2)).Select(m => m.Subject).Should().Contain(s => s.Contains("wrong sign-in code", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WrongCodes_SentConcurrently_AtMostTheFreeOnesAreChecked()
    {
        var user = await EnrolAsync(App);
        var pending = await PasswordStepAsync(App, user.Email);

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(i =>
            pending.Http.SendAsync(SecondStepRequest(pending, $"{i:000000}"))));

        responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest).Should().BeLessThanOrEqualTo(5);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).Should().BeGreaterThanOrEqualTo(35);
    }

    [Fact]
    public async Task LeakedUserRow_DoesNotRevealTheSecret()
    {
        var user = await EnrolAsync(App);
        var row = App.Services.GetRequiredService<AuthKit.TestApp.InMemoryUserStore>().RawTwoFactor(user.UserId)!;

        foreach (var encoding in new[] { OtpNet.Base32Encoding.ToString(user.Secret), Convert.ToBase64String(user.Secret), Convert.ToHexString(user.Secret), Convert.ToHexStringLower(user.Secret) })
        {
            row.SecretCiphertext.Should().NotContain(encoding.TrimEnd('='));
        }

        row.RecoveryCodeHashes.Should().NotContain(h => user.RecoveryCodes.Any(c => h.Contains(c.Replace("-", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal)));

        // Copied into another user's row, the sealed secret opens for nobody: it is bound to its user.
        var other = await EnrolAsync(App);
        var store = App.Services.GetRequiredService<AuthKit.TestApp.InMemoryUserStore>();
        var otherRow = store.RawTwoFactor(other.UserId)!;
        (await store.TryReplaceTwoFactorAsync(other.UserId, otherRow.Version, otherRow with { SecretCiphertext = row.SecretCiphertext, Version = otherRow.Version + 1 }, default)).Should().BeTrue();
        (await SecondStepAsync(other, CodeAt(App, user.Secret))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await SecondStepAsync(other, CodeAt(App, other.Secret))).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    private async Task<HttpResponseMessage> SecondStepAsync(Enrolled user, string code)
        => await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { code });

    private static HttpRequestMessage SecondStepRequest(SessionClient client, string code)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login/second-factor") { Content = System.Net.Http.Json.JsonContent.Create(new { code }) };
        request.Headers.Add("Origin", client.Origin);
        request.Headers.Add("Cookie", $"{client.CookieName}-2fa={client.PendingCookie}");
        return request;
    }
}

public sealed class StatelessTwoFactorSignInTests : TwoFactorSignInTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabaseTwoFactorSignInTests : TwoFactorSignInTests
{
    protected override string SessionMode => "Database";
}

/// <summary>The same suite with database sessions and the code throttle in SQLite.</summary>
public sealed class SqliteTwoFactorSignInTests : TwoFactorSignInTests
{
    private readonly StoreScope _store = StoreScope.Sqlite();

    protected override string SessionMode => "Database";

    protected override IReadOnlyDictionary<string, string?> StoreSettings => _store.Settings;

    public override void Dispose()
    {
        base.Dispose();
        _store.Dispose();
    }
}

/// <summary>The same suite with database sessions and the code throttle in Redis (the shared test server).</summary>
public sealed class RedisTwoFactorSignInTests : TwoFactorSignInTests
{
    private readonly StoreScope _store = StoreScope.Redis("two-factor");

    protected override string SessionMode => "Database";

    protected override IReadOnlyDictionary<string, string?> StoreSettings => _store.Settings;

    public override void Dispose()
    {
        base.Dispose();
        _store.Dispose();
    }
}
