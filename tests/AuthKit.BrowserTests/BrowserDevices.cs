using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>
/// The browser profiles ("devices", each with its own cookies) a test opens, closed with the test; a failing flow
/// saves a screenshot of every open page under the test output (<c>screenshots/</c>) before it rethrows.
/// </summary>
public sealed class BrowserDevices(BrowserFixture browser) : IAsyncDisposable
{
    private readonly List<IBrowserContext> _contexts = [];

    /// <summary>A new browser profile on <paramref name="baseUrl"/>.</summary>
    public async Task<IPage> OpenAsync(string baseUrl)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        _contexts.Add(context);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Runs a flow; on failure saves a screenshot of every open page, then rethrows.</summary>
    public async Task RunAsync(Func<Task> flow, string name)
    {
        try
        {
            await flow();
        }
        catch
        {
            var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
            Directory.CreateDirectory(folder);
            var index = 0;
            foreach (var page in _contexts.SelectMany(c => c.Pages))
            {
                await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"{name}.{index++}.png"), FullPage = true });
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var context in _contexts)
        {
            await context.DisposeAsync();
        }
    }
}
