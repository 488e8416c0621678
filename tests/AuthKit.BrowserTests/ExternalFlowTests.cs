using System.Text.RegularExpressions;
using AuthKit.Testing.External;
using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>
/// External sign-in in Chromium, with the sample configured for a real OpenID Connect provider (panva's oidc-provider
/// on a loopback port): "Sign in with …" from the login page, through the provider's own login and consent pages, back
/// on the dashboard signed in; linking from the security page; unlinking.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ExternalFlowTests(BrowserFixture browser) : SampleFlowTestBase(browser)
{
    [Fact]
    public Task SignIn_AtTheProvider_LandsOnTheDashboardSignedIn() => RunAsync(async () =>
    {
        var server = await ServerWithProviderAsync();
        var page = await Devices.OpenAsync(server.BaseUrl);
        await page.GotoAsync("/login");

        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test provider" }).ClickAsync();
        await AtProviderAsync(page, $"ann-{Guid.NewGuid():n};ann@example.com;true");

        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
        await page.GotoAsync("/security");
        await Assertions.Expect(page.Locator("#logins li")).ToContainTextAsync("· linked");
    });

    [Fact]
    public Task Link_FromTheSecurityPage_ThenSignInWithIt_ThenUnlink() => RunAsync(async () =>
    {
        var server = await ServerWithProviderAsync();
        var page = await Devices.OpenAsync(server.BaseUrl);
        await SignUpAsync(page, "bob@example.com");
        var login = $"bob-{Guid.NewGuid():n};;";

        await page.GotoAsync("/security");
        await page.Locator("#logins li").GetByRole(AriaRole.Button, new() { Name = "Link" }).ClickAsync();
        await AtProviderAsync(page, login);
        await page.WaitForURLAsync("**/security");
        await Assertions.Expect(page.Locator("#logins li")).ToContainTextAsync("· linked");

        // Another browser: the provider's sign-in is now Bob's.
        var other = await Devices.OpenAsync(server.BaseUrl);
        await other.GotoAsync("/login");
        await other.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test provider" }).ClickAsync();
        await AtProviderAsync(other, login);
        await other.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(other.Locator("#email")).ToHaveTextAsync("bob@example.com");

        await page.Locator("#logins li").GetByRole(AriaRole.Button, new() { Name = "Unlink" }).ClickAsync();
        await Assertions.Expect(page.Locator("#logins li")).ToContainTextAsync("not linked");
    });

    [Fact]
    public Task AnUnverifiedAddressOfAnAccount_IsNotLinked_AndThePageSaysWhatToDo() => RunAsync(async () =>
    {
        var server = await ServerWithProviderAsync();
        var page = await Devices.OpenAsync(server.BaseUrl);
        await SignUpAsync(page, "carol@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");

        var attacker = await Devices.OpenAsync(server.BaseUrl);
        await attacker.GotoAsync("/login");
        await attacker.GetByRole(AriaRole.Link, new() { Name = "Sign in with Test provider" }).ClickAsync();
        await AtProviderAsync(attacker, $"mallory-{Guid.NewGuid():n};carol@example.com;false");

        await attacker.WaitForURLAsync(new Regex(".*/login\\?error=link_required$"));
        await Assertions.Expect(attacker.Locator("#error")).ToContainTextAsync("Sign in with your password, then link");
        await attacker.GotoAsync("/dashboard");
        await attacker.WaitForURLAsync(new Regex(".*/login\\?returnUrl=%2Fdashboard$"));
    });

    /// <summary>The provider's development pages: any login (its claims, see tests/oidc-provider/server.mjs), then consent.</summary>
    private static async Task AtProviderAsync(IPage page, string login)
    {
        await page.Locator("input[name=login]").FillAsync(login);
        await page.Locator("input[name=password]").FillAsync("any");
        await page.Locator("button[type=submit]").ClickAsync();
        await page.Locator("button[type=submit]").ClickAsync(); // consent: "Continue"
    }

    private async Task<SampleServer> ServerWithProviderAsync()
    {
        var provider = await OidcProvider.SharedAsync();
        return Server(new Dictionary<string, string?>
        {
            ["Sample:Oidc:Authority"] = provider.Issuer,
            ["Sample:Oidc:ClientId"] = "authkit-tests",
            ["Sample:Oidc:ClientSecret"] = "authkit-tests-secret",
            ["Sample:Oidc:DisplayName"] = "Test provider",
        });
    }
}
