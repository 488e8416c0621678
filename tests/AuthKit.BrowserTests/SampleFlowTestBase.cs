using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using OtpNet;

namespace AuthKit.BrowserTests;

/// <summary>
/// A browser flow suite on the sample: its own sample servers and browser profiles, closed with each test, a screenshot
/// of every open page when a flow fails, and the steps the flows share (sign up, sign in, turn on TOTP).
/// </summary>
public abstract class SampleFlowTestBase : IAsyncLifetime
{
    protected const string Password = "correct horse battery staple";
    private readonly List<SampleServer> _servers = [];

    protected SampleFlowTestBase(BrowserFixture browser)
    {
        Devices = new BrowserDevices(browser);
    }

    protected BrowserDevices Devices { get; }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await Devices.DisposeAsync();
        _servers.ForEach(s => s.Dispose());
    }

    protected SampleServer Server(Dictionary<string, string?>? settings = null)
    {
        var server = new SampleServer("Database", settings);
        _servers.Add(server);
        return server;
    }

    protected Task RunAsync(Func<Task> flow, [CallerMemberName] string name = "") => Devices.RunAsync(flow, $"{GetType().Name}.{name}");

    protected static async Task SignUpAsync(IPage page, string email)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
    }

    protected static async Task FillLoginAsync(IPage page, string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    /// <summary>Turns TOTP on from the security page with the first code computed from the key it shows; returns the key.</summary>
    protected static async Task<byte[]> EnrolTotpAsync(IPage page)
    {
        await page.GotoAsync("/security");
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-step sign-in" }).ClickAsync();
        await Assertions.Expect(page.Locator("#totp-secret")).ToHaveTextAsync(new Regex("^[A-Z2-7]{32}$"));
        var secret = Base32Encoding.ToBytes((await page.Locator("#totp-secret").TextContentAsync())!);
        await page.GetByLabel("Code from the app").FillAsync(new Totp(secret).ComputeTotp());
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#two-factor-status")).ToHaveTextAsync("on");
        return secret;
    }
}
