using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace AuthKit.BrowserTests;

/// <summary>
/// The sample's two-step sign-in in Chromium: enrolment on the security page (QR code, key, first code, recovery codes),
/// the second sign-in step, a recovery code, and turning it off behind the re-authentication prompt. Codes are computed
/// in the test from the key the page shows (Otp.NET), as an authenticator app would.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorFlowTests(BrowserFixture browser) : SampleFlowTestBase(browser)
{
    [Fact]
    public Task Enrol_ThenSignIn_AsksForTheCode_AndThePendingStateOpensNothing() => RunAsync(async () =>
    {
        var server = Server();
        var page = await Devices.OpenAsync(server.BaseUrl);
        var (secret, codes) = await EnrolAsync(page, "ann@example.com");
        codes.Should().HaveCount(10);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await FillLoginAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/login/second-factor");

        // Half signed in: the dashboard still sends the browser to the login page.
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync(new Regex(".*/login\\?returnUrl=%2Fdashboard$"));

        await FillLoginAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/login/second-factor");
        await page.GetByLabel("Code from your authenticator app").FillAsync(NextCode(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });

    [Fact]
    public Task RecoveryCode_SignsIn_AndOneFewerIsLeft() => RunAsync(async () =>
    {
        var server = Server();
        var page = await Devices.OpenAsync(server.BaseUrl);
        var (_, codes) = await EnrolAsync(page, "ann@example.com");

        var phone = await Devices.OpenAsync(server.BaseUrl);
        await phone.GotoAsync("/login");
        await FillLoginAsync(phone, "ann@example.com");
        await phone.WaitForURLAsync("**/login/second-factor");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Use a recovery code instead" }).ClickAsync();
        await phone.GetByLabel("Recovery code").FillAsync(codes[0]);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Use recovery code" }).ClickAsync();
        await phone.WaitForURLAsync("**/dashboard");

        await phone.GotoAsync("/security");
        await Assertions.Expect(phone.Locator("#recovery-left")).ToContainTextAsync("9 recovery codes left");
    });

    [Fact]
    public Task TurningItOff_AsksToConfirmItIsYou_ThenNeedsTheCode() => RunAsync(async () =>
    {
        var server = Server(new Dictionary<string, string?> { ["AuthKit:Sessions:FreshFor"] = "00:00:01" });
        var page = await Devices.OpenAsync(server.BaseUrl);

        // Enrolment itself needs a fresh session: the page asks for the password first.
        await SignUpAsync(page, "ann@example.com");
        await Task.Delay(1500);
        await page.GotoAsync("/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm it's me" }).ClickAsync();
        await Assertions.Expect(page.Locator("#totp-secret")).ToHaveTextAsync(new Regex("^[A-Z2-7]{32}$"));
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").TextContentAsync())!);
        await page.GetByLabel("Code from the app").FillAsync(new Totp(secret).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#two-factor-status")).ToHaveTextAsync("on");

        await Task.Delay(1500);
        await page.GetByLabel("Code to turn it off").FillAsync(NextCode(secret));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn off two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reauthenticate")).ToBeVisibleAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm it's me" }).ClickAsync();

        await Assertions.Expect(page.Locator("#two-factor-status")).ToHaveTextAsync("off");
    });

    private static async Task<(byte[] Secret, IReadOnlyList<string> Codes)> EnrolAsync(IPage page, string email)
    {
        await SignUpAsync(page, email);
        await page.GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#qr")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#totp-secret")).ToHaveTextAsync(new Regex("^[A-Z2-7]{32}$"));
        (await page.Locator("#qr").GetAttributeAsync("src")).Should().StartWith("data:image/svg+xml");
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").TextContentAsync())!);
        await page.GetByLabel("Code from the app").FillAsync(new Totp(secret).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#codes li")).ToHaveCountAsync(10);
        await Assertions.Expect(page.Locator("#two-factor-status")).ToHaveTextAsync("on");
        return (secret, await page.Locator("#codes li").AllTextContentsAsync());
    }

    // The enrolment used this step's code, and a code works once: the app's next code (accepted one step early).
    private static string NextCode(byte[] secret) => new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30));
}
