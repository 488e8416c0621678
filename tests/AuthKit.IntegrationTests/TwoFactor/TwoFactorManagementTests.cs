using System.Net;
using AuthKit.IntegrationTests.NextJs;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.TwoFactor;

/// <summary>Enrolment, step-up, recovery codes, disabling and trusted devices.</summary>
public sealed class TwoFactorManagementTests : TwoFactorTestBase
{
    [Fact]
    public async Task Setup_GivesTheSecret_TheOtpauthUri_AndAQrCode_AndTheOwnerIsToldWhenItIsOn()
    {
        var client = Client();
        var email = TestSmtp.NewAddress();
        await client.SignUpAndInAsync(email, Password);

        var body = await JsonAsync(await client.PostAsync("/api/auth/mfa/totp/setup"));

        var secret = body.GetProperty("secret").GetString()!;
        secret.Should().MatchRegex("^[A-Z2-7]{32}$", "160 bits in Base32");
        body.GetProperty("otpauthUri").GetString().Should().StartWith("otpauth://totp/").And.Contain("secret=" + secret).And.Contain("issuer=").And.Contain("period=30");
        body.GetProperty("qrCodeSvg").GetString().Should().Contain("<svg");
        (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("twoFactorEnabled").GetBoolean().Should().BeFalse("not before the first code");

        var confirm = await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = CodeAt(App, OtpNet.Base32Encoding.ToBytes(secret)) });
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(confirm)).GetProperty("recoveryCodes").GetArrayLength().Should().Be(10);
        (await Smtp.WaitForAsync(email)).Single().Subject.Should().Contain("Two-step sign-in is on");
    }

    [Fact]
    public async Task Confirm_WrongCode_LeavesItOff_AndARightOneLaterTurnsItOn()
    {
        var client = Client();
        await client.SignUpAndInAsync(TestSmtp.NewAddress(), Password);
        var secret = OtpNet.Base32Encoding.ToBytes((await JsonAsync(await client.PostAsync("/api/auth/mfa/totp/setup"))).GetProperty("secret").GetString()!);

        var wrong = await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = "000000" });
        (await ErrorCodeAsync(wrong)).Should().Be("code_invalid");
        (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("twoFactorEnabled").GetBoolean().Should().BeFalse();

        (await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = CodeAt(App, secret) })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Confirm_InAnotherBrowser_OrAfterTheSetupExpired_IsRefused()
    {
        var email = TestSmtp.NewAddress();
        var client = Client();
        await client.SignUpAndInAsync(email, Password);
        var secret = OtpNet.Base32Encoding.ToBytes((await JsonAsync(await client.PostAsync("/api/auth/mfa/totp/setup"))).GetProperty("secret").GetString()!);

        var elsewhere = Client();
        await elsewhere.SignInAsync(email, Password);
        (await ErrorCodeAsync(await elsewhere.PostAsync("/api/auth/mfa/totp/confirm", new { code = CodeAt(App, secret) }))).Should().Be("setup_expired");

        App.Time.Advance(TimeSpan.FromMinutes(11));
        (await ErrorCodeAsync(await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = CodeAt(App, secret) }))).Should().Be("setup_expired");
    }

    [Fact]
    public async Task StepUp_StaleSession_IsRefusedWithAMachineReadableReason_AndACodeMakesItFresh()
    {
        var user = await EnrolAsync(App);
        App.Time.Advance(TimeSpan.FromMinutes(11));

        var stale = await user.Client.PostAsync("/api/auth/mfa/recovery-codes");
        stale.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(stale)).Should().Be("reauthentication_required");
        (await ErrorCodeAsync(await user.Client.PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = NewPassword }))).Should().Be("reauthentication_required");

        var wrong = await user.Client.PostAsync("/api/auth/reauthenticate", new { code = "000000" });
        (await ErrorCodeAsync(wrong)).Should().Be("code_invalid");
        (await user.Client.PostAsync("/api/auth/reauthenticate", new { code = CodeAt(App, user.Secret) })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var fresh = await user.Client.PostAsync("/api/auth/mfa/recovery-codes");
        fresh.StatusCode.Should().Be(HttpStatusCode.OK);
        var codes = (await JsonAsync(fresh)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        codes.Should().HaveCount(10).And.NotIntersectWith(user.RecoveryCodes);

        // The old set died with the new one.
        (await ErrorCodeAsync(await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { recoveryCode = user.RecoveryCodes[0] }))).Should().Be("code_invalid");
        (await (await PasswordStepAsync(App, user.Email)).PostAsync("/api/auth/login/second-factor", new { recoveryCode = codes[0] })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task StepUp_WithAMaxAge_OfTheAppsOwnEndpoint()
    {
        var client = Client();
        await client.SignUpAndInAsync(TestSmtp.NewAddress(), Password);
        (await client.PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.OK);

        App.Time.Advance(TimeSpan.FromMinutes(3));
        var stale = await client.PostAsync("/api/fresh");
        stale.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(stale)).Should().Be("reauthentication_required");

        (await client.PostAsync("/api/auth/reauthenticate", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await client.PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Disable_NeedsAFreshSessionAndACode_ThenSignInNeedsOnlyThePassword()
    {
        var user = await EnrolAsync(App);
        App.Time.Advance(TimeSpan.FromMinutes(11));
        (await ErrorCodeAsync(await user.Client.PostAsync("/api/auth/mfa/totp/disable", new { code = CodeAt(App, user.Secret) }))).Should().Be("reauthentication_required");

        (await user.Client.PostAsync("/api/auth/reauthenticate", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await ErrorCodeAsync(await user.Client.PostAsync("/api/auth/mfa/totp/disable", new { }))).Should().Be("code_invalid", "a fresh session alone is not enough");
        App.Time.Advance(TimeSpan.FromSeconds(30));
        (await user.Client.PostAsync("/api/auth/mfa/totp/disable", new { code = CodeAt(App, user.Secret) })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var login = await Client().PostAsync("/api/auth/login", new { email = user.Email, password = Password });
        (await JsonAsync(login)).TryGetProperty("secondFactorRequired", out _).Should().BeFalse();
        (await Smtp.WaitForAsync(user.Email, 3)).Select(m => m.Subject).Should().Contain(s => s.Contains("turned off", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TrustedDevice_SkipsTheSecondFactor_UntilThePasswordIsReset()
    {
        var app = Track(TwoFactorApp(new Dictionary<string, string?> { ["AuthKit:TwoFactor:TrustDeviceFor"] = "30.00:00:00" }));
        var user = await EnrolAsync(app);
        var browser = Client(app);
        await browser.PostAsync("/api/auth/login", new { email = user.Email, password = Password });
        (await browser.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(app, user.Secret), rememberDevice = true })).StatusCode.Should().Be(HttpStatusCode.OK);
        browser.OtherCookies.Should().ContainKey(browser.CookieName + "-device");

        // Next time in this browser: the password is enough; in another, the code is still due.
        browser.Cookie = null;
        (await JsonAsync(await browser.PostAsync("/api/auth/login", new { email = user.Email, password = Password }))).TryGetProperty("secondFactorRequired", out _).Should().BeFalse();
        (await JsonAsync(await Client(app).PostAsync("/api/auth/login", new { email = user.Email, password = Password }))).GetProperty("secondFactorRequired").GetBoolean().Should().BeTrue();

        // A password reset withdraws the trust.
        await Client(app).PostAsync("/api/auth/password/forgot", new { email = user.Email });
        var reset = (await Smtp.WaitForAsync(user.Email, 2)).Single(m => m.Subject.Contains("Reset", StringComparison.Ordinal));
        (await Client(app).PostAsync("/api/auth/password/reset", new { token = reset.Token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        browser.Cookie = null;
        (await JsonAsync(await browser.PostAsync("/api/auth/login", new { email = user.Email, password = NewPassword }))).GetProperty("secondFactorRequired").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task TrustedDevice_IsOffByDefault()
    {
        var user = await EnrolAsync(App);
        var browser = await PasswordStepAsync(App, user.Email);
        (await browser.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret), rememberDevice = true })).StatusCode.Should().Be(HttpStatusCode.OK);

        browser.OtherCookies.Should().NotContainKey(browser.CookieName + "-device");
    }

    [SkippableFact]
    public async Task CodesFromOtplib_AreAccepted()
    {
        NodeInterop.Require();
        var client = Client();
        await client.SignUpAndInAsync(TestSmtp.NewAddress(), Password);
        var secret = (await JsonAsync(await client.PostAsync("/api/auth/mfa/totp/setup"))).GetProperty("secret").GetString()!;

        var answer = await NodeInterop.RunAsync(new { op = "totp", secret, epoch = App.Time.GetUtcNow().ToUnixTimeSeconds() });

        (await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = (string)answer["code"]! })).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
