using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>The sample's flows in a real browser, for both session kinds (one subclass each).</summary>
[Collection(BrowserCollection.Name)]
public abstract class SampleFlowTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly BrowserDevices _devices;
    private SampleServer? _server;

    protected SampleFlowTests(BrowserFixture browser)
    {
        _devices = new BrowserDevices(browser);
    }

    protected abstract string SessionMode { get; }

    protected SampleServer Server => _server!;

    public Task InitializeAsync()
    {
        _server = new SampleServer(SessionMode);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _devices.DisposeAsync();
        _server?.Dispose();
    }

    /// <summary>A new browser profile: one "device" with its own cookies.</summary>
    protected Task<IPage> DeviceAsync() => _devices.OpenAsync(Server.BaseUrl);

    /// <summary>Runs a flow; on failure saves a screenshot of every open page under the test output, then rethrows.</summary>
    protected Task RunAsync(Func<Task> flow, [CallerMemberName] string name = "") => _devices.RunAsync(flow, $"{GetType().Name}.{name}");

    protected static async Task SignUpAsync(IPage page, string email, string password = Password)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
    }

    protected static async Task SignInAsync(IPage page, string email, string password = Password, string path = "/login")
    {
        await page.GotoAsync(path);
        await FillAndSubmitLoginAsync(page, email, password);
    }

    private static async Task FillAndSubmitLoginAsync(IPage page, string email, string password)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    [Fact]
    public Task SignUp_LandsOnTheDashboard() => RunAsync(async () =>
    {
        var page = await DeviceAsync();

        await SignUpAsync(page, "ann@example.com");

        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
        await Assertions.Expect(page.Locator("#role")).ToHaveTextAsync("member");
    });

    [Fact]
    public Task SignOut_ThenTheDashboardRedirectsToLoginWithReturnUrl() => RunAsync(async () =>
    {
        var page = await DeviceAsync();
        await SignUpAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/dashboard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        // Only the login page's own passkey challenge (its autofill request) may be there: no session cookie.
        (await page.Context.CookiesAsync()).Select(c => c.Name).Should().BeSubsetOf(["__Host-authkit-webauthn"], "signing out deletes the session cookie");
        await page.GotoAsync("/dashboard");

        page.Url.Should().Be($"{Server.BaseUrl}/login?returnUrl=%2Fdashboard");
    });

    [Fact]
    public Task SignIn_LandsOnTheReturnUrl() => RunAsync(async () =>
    {
        var first = await DeviceAsync();
        await SignUpAsync(first, "ann@example.com");
        await first.WaitForURLAsync("**/dashboard");

        var page = await DeviceAsync();
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync("**/login?returnUrl=%2Fdashboard");
        await FillAndSubmitLoginAsync(page, "ann@example.com", Password);

        await page.WaitForURLAsync($"{Server.BaseUrl}/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });

    [Fact]
    public Task WrongPassword_ShowsInvalidCredentials() => RunAsync(async () =>
    {
        var first = await DeviceAsync();
        await SignUpAsync(first, "ann@example.com");
        await first.WaitForURLAsync("**/dashboard");

        var page = await DeviceAsync();
        await SignInAsync(page, "ann@example.com", "not the right password");

        await Assertions.Expect(page.Locator("#error")).ToHaveTextAsync("Invalid credentials.");
        page.Url.Should().EndWith("/login");
    });

    [Fact]
    public Task WeakPassword_ShowsTheReason() => RunAsync(async () =>
    {
        var page = await DeviceAsync();

        await SignUpAsync(page, "ann@example.com", "password");

        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("commonly used passwords");
        page.Url.Should().EndWith("/signup");
    });

    [Fact]
    public Task NonAdmin_GetsTheAccessDeniedPageOnAdmin() => RunAsync(async () =>
    {
        var page = await DeviceAsync();
        await SignUpAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/dashboard");

        var response = await page.GotoAsync("/admin");

        response!.Status.Should().Be(403);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Access denied");
    });

    [Fact]
    public Task AdminPageFile_IsNeverServedOutsideItsProtectedRoute() => RunAsync(async () =>
    {
        // The guide's proxy exists to protect static content too: the admin page's file must not be reachable by
        // its file name, by anonymous visitors or by a signed-in non-admin.
        var anonymous = await DeviceAsync();
        var response = await anonymous.GotoAsync("/pages/admin.html");
        (await response!.TextAsync()).Should().NotContain("id=\"users\"", "an anonymous visitor never gets the admin page");

        var member = await DeviceAsync();
        await SignUpAsync(member, "ann@example.com");
        await member.WaitForURLAsync("**/dashboard");
        response = await member.GotoAsync("/pages/admin.html");
        response!.Status.Should().BeOneOf([403, 404], "a non-admin never gets the admin page by its file name");
        (await response.TextAsync()).Should().NotContain("id=\"users\"");
    });

    [Fact]
    public Task Admin_SeesTheUserList() => RunAsync(async () =>
    {
        var member = await DeviceAsync();
        await SignUpAsync(member, "ann@example.com");
        await member.WaitForURLAsync("**/dashboard");
        var page = await DeviceAsync();
        await SignUpAsync(page, SampleServer.AdminEmail);
        await page.WaitForURLAsync("**/dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Admin" }).ClickAsync();

        await page.WaitForURLAsync("**/admin");
        await Assertions.Expect(page.Locator("#users tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#users")).ToContainTextAsync("ann@example.com");
        await Assertions.Expect(page.Locator("#users")).ToContainTextAsync(SampleServer.AdminEmail);
    });
}

public sealed class StatelessSampleFlowTests(BrowserFixture browser) : SampleFlowTests(browser)
{
    protected override string SessionMode => "Stateless";

    [Fact]
    public Task Dashboard_ExplainsThatStatelessSessionsAreNotListed() => RunAsync(async () =>
    {
        var page = await DeviceAsync();
        await SignUpAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/dashboard");

        await Assertions.Expect(page.Locator("#sessions-note")).ToContainTextAsync("no list");
        await Assertions.Expect(page.Locator("#sign-out-others")).ToBeHiddenAsync();
    });
}

public sealed class DatabaseSampleFlowTests(BrowserFixture browser) : SampleFlowTests(browser)
{
    protected override string SessionMode => "Database";

    [Fact]
    public Task SignOutOtherDevices_SendsTheOtherDeviceToLogin() => RunAsync(async () =>
    {
        var laptop = await DeviceAsync();
        await SignUpAsync(laptop, "ann@example.com");
        await laptop.WaitForURLAsync("**/dashboard");
        var phone = await DeviceAsync();
        await SignInAsync(phone, "ann@example.com");
        await phone.WaitForURLAsync("**/dashboard");

        await laptop.ReloadAsync();
        await Assertions.Expect(laptop.Locator("#sessions tbody tr")).ToHaveCountAsync(2);
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out other devices" }).ClickAsync();
        await Assertions.Expect(laptop.Locator("#sessions tbody tr")).ToHaveCountAsync(1);

        // The other device's next navigation: the optimistic check may still let the page through, its secure
        // check (the profile call) fails, the dead cookie is deleted and the page goes to the login.
        await phone.GotoAsync("/dashboard");
        await Assertions.Expect(phone).ToHaveURLAsync(new Regex(".*/login\\?returnUrl=%2Fdashboard$"), new() { Timeout = 30_000 });
        (await phone.Context.CookiesAsync()).Select(c => c.Name).Should().BeSubsetOf(["__Host-authkit-webauthn"], "the revoked session's cookie was deleted");
        await laptop.GotoAsync("/dashboard");
        await Assertions.Expect(laptop.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });
}
