using System.Runtime.CompilerServices;
using AuthKit.Testing.Mail;
using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>
/// The sample's email flows in Chromium against a real SMTP server (smtp4dev): the test reads each message from the
/// server and opens its link in the browser, as a user would.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EmailFlowTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private const string NewPassword = "a brand new passphrase";
    private readonly BrowserDevices _devices;
    private readonly List<SampleServer> _servers = [];
    private Smtp4devServer _smtp = null!;

    public EmailFlowTests(BrowserFixture browser)
    {
        _devices = new BrowserDevices(browser);
    }

    public async Task InitializeAsync() => _smtp = await TestSmtp.ServerAsync();

    public async Task DisposeAsync()
    {
        await _devices.DisposeAsync();
        _servers.ForEach(s => s.Dispose());
    }

    [Fact]
    public Task ForgotPassword_TheMailedLinkSetsANewPassword_AndSignsOutTheOtherDevice() => RunAsync(async () =>
    {
        var server = Server();
        var email = TestSmtp.NewAddress("ann");
        var laptop = await DeviceAsync(server);
        await SignUpAsync(laptop, email);
        await laptop.WaitForURLAsync("**/dashboard");

        var phone = await DeviceAsync(server);
        await phone.GotoAsync("/login");
        await phone.GetByRole(AriaRole.Link, new() { Name = "Forgot your password?" }).ClickAsync();
        await phone.GetByLabel("Email").FillAsync(email);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send me a link" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#sent")).ToContainTextAsync("If an account uses this address");

        var mail = (await _smtp.WaitForAsync(email, 2)).Single(m => m.Subject.Contains("Reset", StringComparison.Ordinal));
        mail.Link.GetLeftPart(UriPartial.Authority).Should().Be(server.BaseUrl);
        var landing = await phone.GotoAsync(mail.Link.PathAndQuery);
        landing!.Headers["referrer-policy"].Should().Be("no-referrer");
        await phone.GetByLabel("New password").FillAsync(NewPassword);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#done")).ToBeVisibleAsync();

        // The laptop's session ended with the reset.
        await laptop.GotoAsync("/dashboard");
        await Assertions.Expect(laptop).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(".*/login\\?returnUrl=%2Fdashboard$"), new() { Timeout = 30_000 });

        // The new password signs in.
        await phone.GetByRole(AriaRole.Link, new() { Name = "Sign in", Exact = true }).First.ClickAsync();
        await phone.GetByLabel("Email").FillAsync(email);
        await phone.GetByLabel("Password").FillAsync(NewPassword);
        await phone.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await phone.WaitForURLAsync("**/dashboard");

        // The link was used: opening it again and pressing the button is refused clearly.
        await phone.GotoAsync(mail.Link.PathAndQuery);
        await phone.GetByLabel("New password").FillAsync("yet another passphrase");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Set new password" }).ClickAsync();
        await Assertions.Expect(phone.Locator("#error")).ToContainTextAsync("already used");
    });

    [Fact]
    public Task SignUp_ConfirmingTheAddress_ShowsItVerified() => RunAsync(async () =>
    {
        var server = Server();
        var email = TestSmtp.NewAddress("ann");
        var page = await DeviceAsync(server);
        await SignUpAsync(page, email);
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#unverified")).ToBeVisibleAsync();

        var mail = (await _smtp.WaitForAsync(email)).Single();
        await page.GotoAsync(mail.Link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("confirmed");

        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync(email);
        await Assertions.Expect(page.Locator("#unverified")).ToBeHiddenAsync();
    });

    [Fact]
    public Task RequiredVerification_SignUpWaitsForTheLink_WhichSignsIn() => RunAsync(async () =>
    {
        var server = Server(new Dictionary<string, string?> { ["AuthKit:Email:RequireVerified"] = "true" });
        var email = TestSmtp.NewAddress("ann");
        var page = await DeviceAsync(server);
        await SignUpAsync(page, email);
        await Assertions.Expect(page.Locator("#check-mail")).ToContainTextAsync("Check your email");
        (await page.Context.CookiesAsync()).Should().BeEmpty("no account and no session exist before the link is used");

        var mail = (await _smtp.WaitForAsync(email)).Single();
        await page.GotoAsync(mail.Link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();

        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync(email);
    });

    [Fact]
    public Task ChangeAddress_AsksForThePasswordWhenStale_AndSwitchesWhenTheNewAddressConfirms() => RunAsync(async () =>
    {
        // Fresh for one second only, so the page meets the re-authentication step.
        var server = Server(new Dictionary<string, string?> { ["AuthKit:Sessions:FreshFor"] = "00:00:01" });
        var old = TestSmtp.NewAddress("old");
        var next = TestSmtp.NewAddress("new");
        var page = await DeviceAsync(server);
        await SignUpAsync(page, old);
        await page.WaitForURLAsync("**/dashboard");
        await Task.Delay(1500);

        await page.GetByRole(AriaRole.Link, new() { Name = "Security" }).ClickAsync();
        await page.GetByLabel("New address").FillAsync(next);
        await page.GetByRole(AriaRole.Button, new() { Name = "Change address" }).ClickAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm it's me" }).ClickAsync();
        await Assertions.Expect(page.Locator("#notice")).ToContainTextAsync("Check the new address");

        var notice = (await _smtp.WaitForAsync(old, 2)).Single(m => m.Subject.Contains("about to change", StringComparison.Ordinal));
        notice.Text.Should().Contain(next);
        var confirm = (await _smtp.WaitForAsync(next)).Single();
        await page.GotoAsync(confirm.Link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("confirmed");

        await page.GotoAsync("/security");
        await Assertions.Expect(page.Locator("#current-email")).ToHaveTextAsync(next);
        await Assertions.Expect(page.Locator("#verified-badge")).ToHaveTextAsync("verified");
    });

    [Fact]
    public Task Resend_FromTheDashboard_MailsANewLinkThatWorks() => RunAsync(async () =>
    {
        var server = Server();
        var email = TestSmtp.NewAddress("ann");
        var page = await DeviceAsync(server);
        await SignUpAsync(page, email);
        await page.WaitForURLAsync("**/dashboard");
        await _smtp.WaitForAsync(email);

        await page.GetByRole(AriaRole.Button, new() { Name = "Send the link again" }).ClickAsync();
        await Assertions.Expect(page.Locator("#unverified")).ToContainTextAsync("Sent");

        var resent = (await _smtp.WaitForAsync(email, 2))[1];
        await page.GotoAsync(resent.Link.PathAndQuery);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("confirmed");
    });

    [Fact]
    public void WithoutSmtp_OutsideDevelopment_TheSampleRefusesToStart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["AuthKit:Keys:0:Id"] = "k1",
            ["AuthKit:Keys:0:Secret"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
        };

        var start = () => new SampleServer("Database", settings, environment: "Production");

        start.Should().Throw<InvalidOperationException>().WithMessage("*configure an SMTP server under AuthKit:Smtp*");
    }

    [Fact]
    public Task WithoutSmtp_DevelopmentKeepsMailInTheMailboxPage() => RunAsync(async () =>
    {
        var server = Server(smtp: false);
        var page = await DeviceAsync(server);
        await SignUpAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/dashboard");

        await page.GotoAsync("/dev/mailbox");
        await Assertions.Expect(page.Locator("article.mail h2")).ToContainTextAsync("Confirm your email address");
        await page.Locator("article.mail a").First.ClickAsync();
        await page.WaitForURLAsync("**/verify-email?token=*");
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm my address" }).ClickAsync();
        await Assertions.Expect(page.Locator("#done")).ToContainTextAsync("confirmed");
    });

    private SampleServer Server(Dictionary<string, string?>? settings = null, bool smtp = true)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        if (smtp)
        {
            all["AuthKit:Smtp:Host"] = "127.0.0.1";
            all["AuthKit:Smtp:Port"] = _smtp.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
            all["AuthKit:Smtp:Security"] = "None";
            all["AuthKit:Smtp:From"] = "AuthKit sample <no-reply@authkit.test>";
        }

        var server = new SampleServer("Database", all);
        _servers.Add(server);
        return server;
    }

    private Task<IPage> DeviceAsync(SampleServer server) => _devices.OpenAsync(server.BaseUrl);

    private static async Task SignUpAsync(IPage page, string email)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    private Task RunAsync(Func<Task> flow, [CallerMemberName] string name = "") => _devices.RunAsync(flow, $"{nameof(EmailFlowTests)}.{name}");
}
