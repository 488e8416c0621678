using AuthKit.IntegrationTests.EntityFrameworkCore;
using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>
/// The sample with <c>Sessions:Store=Postgres</c>: its migrations applied at start-up to an empty PostgreSQL database,
/// AuthKit's state there through AuthKit.EntityFrameworkCore, in Chromium (sign up, the session list, sign out, sign in).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PostgresSampleTests(BrowserFixture browser) : SampleFlowTestBase(browser)
{
    [Fact]
    public Task TheSample_OnPostgres_SignsUpListsSessionsSignsOutAndIn() => RunAsync(async () =>
    {
        var postgres = await PostgresServer.SharedAsync();
        var server = Server(new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Postgres",
            ["ConnectionStrings:Sessions"] = await postgres.NewDatabaseAsync(),
        });
        var page = await Devices.OpenAsync(server.BaseUrl);

        await SignUpAsync(page, "ann@example.com");
        await Assertions.Expect(page.Locator("#sessions tbody tr").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await FillLoginAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });
}
