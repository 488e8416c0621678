using System.Net;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Playwright;
using OtpNet;

namespace AuthKit.BrowserTests;

/// <summary>
/// samples/AuthKit.NextJs.Sample in Chromium: the Next.js guide's pages on AuthKit's API through the typed client, the
/// proxy's optimistic check on the shared jose cookie, and the API's secure checks behind it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NextJsFlowTests(BrowserFixture browser, NextJsPair pair) : IClassFixture<NextJsPair>, IAsyncLifetime
{
    private const string Password = "correct horse battery staple";

    // The login page with a return URL, encoded by the proxy's redirect or not by a page's own.
    private static readonly System.Text.RegularExpressions.Regex LoginWithReturnUrl = new(@"/login\?returnUrl=.+");
    private readonly BrowserDevices _devices = new(browser);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _devices.DisposeAsync();

    [Fact]
    public Task SignUp_ARefusedPasswordShowsBesideItsField_ThenTheAccountIsCreated() => RunAsync(async () =>
    {
        var page = await _devices.OpenAsync(pair.BaseUrl);
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync("ann@example.com");
        await page.GetByLabel("Password").FillAsync("password");

        // The request is held until the pending state has been seen.
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/api/auth/signup", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Create account" });
        await button.ClickAsync();
        var pending = page.GetByRole(AriaRole.Button, new() { Name = "Creating account…" });
        await Assertions.Expect(pending).ToBeDisabledAsync();
        release.SetResult();

        // errors.password from the API's field-keyed problem, beside the password field and tied to it.
        await Assertions.Expect(page.Locator("#password-error")).ToContainTextAsync("common");
        await Assertions.Expect(page.GetByLabel("Password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(page.Locator("#email-error")).ToHaveCountAsync(0);
        await Assertions.Expect(button).ToBeEnabledAsync();
        page.Url.Should().EndWith("/signup");

        await page.UnrouteAsync("**/api/auth/signup");
        await page.GetByLabel("Password").FillAsync(Password);
        await button.ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });

    [Fact]
    public Task AnAnonymousVisit_IsSentToLogin_WithItsReturnUrl_AndComesBackSignedIn() => RunAsync(async () =>
    {
        await CreateAccountAsync("bob@example.com");
        var page = await _devices.OpenAsync(pair.BaseUrl);

        // The proxy's optimistic check: no cookie, no dashboard.
        await page.GotoAsync("/dashboard?tab=activity");
        await page.WaitForURLAsync(LoginWithReturnUrl);
        new Uri(page.Url).Query.Should().Be("?returnUrl=" + Uri.EscapeDataString("/dashboard?tab=activity"));

        await SignInAsync(page, "bob@example.com");
        await page.WaitForURLAsync("**/dashboard?tab=activity");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("bob@example.com");

        // Signed in, the public-only pages send the user on.
        await page.GotoAsync("/login");
        await page.WaitForURLAsync("**/dashboard");
    });

    [Fact]
    public Task ASessionFromTheApi_IsASessionInNextJs_AndTheOtherWayRound() => RunAsync(async () =>
    {
        // Signed in by the API directly: the cookie it wrote is the guide's jose session, which the Next.js proxy accepts.
        using var api = ApiClient();
        (await api.PostAsync("/api/auth/signup", new { email = "cy@example.com", password = Password })).StatusCode.Should().Be(HttpStatusCode.Created);
        var page = await _devices.OpenAsync(pair.BaseUrl);
        await page.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = NextJsPair.CookieName, Value = api.Cookie!, Url = pair.BaseUrl, HttpOnly = true, Secure = true }]);
        await page.GotoAsync("/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("cy@example.com");

        // Signed in through the Next.js app: its cookie is a session for the API.
        var second = await _devices.OpenAsync(pair.BaseUrl);
        await second.GotoAsync("/login");
        await SignInAsync(second, "cy@example.com");
        await second.WaitForURLAsync("**/dashboard");
        var browserCookie = (await second.Context.CookiesAsync()).Single(c => c.Name == NextJsPair.CookieName);
        using var replay = ApiClient(browserCookie.Value);
        var session = await replay.GetFromJsonAsync("/api/auth/session");
        session.GetProperty("kind").GetString().Should().Be("Stateless");
    });

    [Fact]
    public Task Admin_IsForbiddenToAMember_AndListsUsersForAnAdmin() => RunAsync(async () =>
    {
        var member = await _devices.OpenAsync(pair.BaseUrl);
        await SignUpInBrowserAsync(member, "dee@example.com");
        var refused = await member.GotoAsync("/admin");
        refused!.Status.Should().Be(403);
        await Assertions.Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Forbidden" })).ToBeVisibleAsync();

        // The API refuses as well, whatever a page does.
        var memberCookie = (await member.Context.CookiesAsync()).Single(c => c.Name == NextJsPair.CookieName);
        using (var api = ApiClient(memberCookie.Value))
        {
            (await api.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        var admin = await _devices.OpenAsync(pair.BaseUrl);
        await SignUpInBrowserAsync(admin, SampleServer.AdminEmail);
        await admin.GotoAsync("/admin");
        await Assertions.Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        await Assertions.Expect(admin.GetByText("dee@example.com")).ToBeVisibleAsync();
    });

    [Fact]
    public Task SignOut_EndsTheSessionForTheApiAtOnce_AndForTheProxyWithTheCookie() => RunAsync(async () =>
    {
        var page = await _devices.OpenAsync(pair.BaseUrl);
        await SignUpInBrowserAsync(page, "eve@example.com");
        var before = (await page.Context.CookiesAsync()).Single(c => c.Name == NextJsPair.CookieName).Value;

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == NextJsPair.CookieName, "the API's answer deleted the cookie");
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync(LoginWithReturnUrl);

        // A copy of the old cookie: the API refuses it at once (the revocation list) ...
        using var api = ApiClient(before);
        (await api.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // ... while the proxy's optimistic check, which has no revocation list, still lets the page load until the
        // cookie expires; the page's API call is refused and the page sends the user to sign in.
        var replay = await _devices.OpenAsync(pair.BaseUrl);
        await replay.Context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = NextJsPair.CookieName, Value = before, Url = pair.BaseUrl, HttpOnly = true, Secure = true }]);
        var response = await replay.GotoAsync("/dashboard");
        response!.Status.Should().Be(200);
        await replay.WaitForURLAsync(LoginWithReturnUrl);
    });

    [Fact]
    public Task TheSecondFactorStep_CompletesTheSignIn() => RunAsync(async () =>
    {
        // An account with an authenticator app, set up through the API.
        using var api = ApiClient();
        (await api.PostAsync("/api/auth/signup", new { email = "fay@example.com", password = Password })).EnsureSuccessStatusCode();
        var setup = await (await api.PostAsync("/api/auth/mfa/totp/setup")).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var secret = Base32Encoding.ToBytes(setup.GetProperty("secret").GetString()!);
        (await api.PostAsync("/api/auth/mfa/totp/confirm", new { code = new Totp(secret).ComputeTotp() })).EnsureSuccessStatusCode();

        var page = await _devices.OpenAsync(pair.BaseUrl);
        await page.GotoAsync("/dashboard");
        await page.WaitForURLAsync(LoginWithReturnUrl);
        await SignInAsync(page, "fay@example.com");
        await page.WaitForURLAsync("**/login/second-factor*");
        (await page.Context.CookiesAsync()).Should().NotContain(c => c.Name == NextJsPair.CookieName, "no session before the second step");

        // A wrong code is refused beside the field; the next step's code signs in (the confirming code was used up).
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync("000000");
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Assertions.Expect(page.Locator("#code-error")).Not.ToBeEmptyAsync();
        await page.GetByLabel("Code", new() { Exact = true }).FillAsync(new Totp(secret).ComputeTotp(DateTime.UtcNow.AddSeconds(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("fay@example.com");
    });

    private async Task RunAsync(Func<Task> flow, [CallerMemberName] string name = "")
    {
        try
        {
            await _devices.RunAsync(flow, $"{nameof(NextJsFlowTests)}.{name}");
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- next start wrote:\n{pair.Output}", ex);
        }
    }

    private static async Task SignInAsync(IPage page, string email)
    {
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
    }

    private static async Task SignUpInBrowserAsync(IPage page, string email)
    {
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync(email);
    }

    private async Task CreateAccountAsync(string email)
    {
        using var api = ApiClient();
        (await api.PostAsync("/api/auth/signup", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.Created);
    }

    // A caller of the API itself (not through Next.js) from the site's origin; with a cookie value, that session. The
    // cookie is carried by hand: it is Secure, and HttpClient's cookie container sends none over http://localhost.
    private ApiCaller ApiClient(string? cookie = null) => new(pair, cookie);

    private sealed class ApiCaller : IDisposable
    {
        private readonly HttpClient _http;

        public ApiCaller(NextJsPair pair, string? cookie)
        {
            _http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(pair.Api.BaseUrl) };
            _http.DefaultRequestHeaders.Add("Origin", pair.BaseUrl);
            Cookie = cookie;
        }

        private readonly Dictionary<string, string> _cookies = new(StringComparer.Ordinal);

        /// <summary>The session cookie's value, as the API last set it.</summary>
        public string? Cookie
        {
            get => _cookies.GetValueOrDefault(NextJsPair.CookieName);
            private init
            {
                if (value is not null)
                {
                    _cookies[NextJsPair.CookieName] = value;
                }
            }
        }

        public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        public async Task<JsonElement> GetFromJsonAsync(string path)
            => await (await GetAsync(path)).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();

        public Task<HttpResponseMessage> PostAsync(string path, object? body = null)
            => SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body is null ? null : JsonContent.Create(body) });

        private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
        {
            if (_cookies.Count > 0)
            {
                request.Headers.Add("Cookie", string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")));
            }

            // Every cookie the API sets (the session, and for example the second factor's setup state); an empty value
            // or a past expiry deletes one.
            var response = await _http.SendAsync(request);
            foreach (var header in response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [])
            {
                var nameValue = header.Split(';')[0];
                var equals = nameValue.IndexOf('=', StringComparison.Ordinal);
                var (name, value) = (nameValue[..equals], nameValue[(equals + 1)..]);
                if (value.Length == 0 || header.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    _cookies.Remove(name);
                }
                else
                {
                    _cookies[name] = value;
                }
            }

            return response;
        }

        public void Dispose() => _http.Dispose();
    }
}
