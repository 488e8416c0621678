using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AuthKit.BrowserTests;

/// <summary>
/// The sample's passkeys in Chromium, with virtual authenticators over the DevTools protocol (ctap2, internal transport,
/// resident keys, user verification): register on the security page, sign in without a password (button and autofill),
/// use one as the second step and for step-up, remove one, and another account's credential refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PasskeyFlowTests(BrowserFixture browser) : SampleFlowTestBase(browser)
{
    [Fact]
    public Task Register_ThenSignInWithoutAPassword_WithTheButton() => RunAsync(async () =>
    {
        var server = Server();
        var page = await Devices.OpenAsync(server.BaseUrl);
        var authenticator = await VirtualAuthenticator.AddAsync(page);
        await SignUpAsync(page, "ann@example.com");
        await AddPasskeyAsync(page, "Laptop");
        (await authenticator.CredentialsAsync()).Should().ContainSingle().Which.GetProperty("isResidentCredential").GetBoolean().Should().BeTrue();

        // A browser without autofill (conditional UI) for passkeys: the button is the way in. (With autofill, a pending
        // conditional request and the button's request race for the one virtual authenticator.)
        await WithoutAutofillAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        page.Url.Should().EndWith("/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();

        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
        await page.GotoAsync("/security");
        await Assertions.Expect(page.Locator("#passkeys li")).ToContainTextAsync("last used");
    });

    [Fact]
    public Task SignIn_FromTheBrowsersAutofill() => RunAsync(async () =>
    {
        var server = Server();
        var page = await Devices.OpenAsync(server.BaseUrl);
        await VirtualAuthenticator.AddAsync(page);
        await SignUpAsync(page, "ann@example.com");
        await AddPasskeyAsync(page, "Laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();

        // The login page starts a conditional (autofill) request on load; the virtual authenticator, touched at once,
        // answers it as a user picking the passkey in the email field would: signed in without typing anything.
        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });

    [Fact]
    public Task Passkey_CompletesTheSecondStep() => RunAsync(async () =>
    {
        var server = Server();
        var page = await Devices.OpenAsync(server.BaseUrl);
        await VirtualAuthenticator.AddAsync(page);
        await SignUpAsync(page, "ann@example.com");
        await EnrolTotpAsync(page);
        await AddPasskeyAsync(page, "Laptop");

        // The password this time (no autofill to sign in first), then the passkey as the second step.
        await WithoutAutofillAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await FillLoginAsync(page, "ann@example.com");
        await page.WaitForURLAsync("**/login/second-factor?passkey=1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();

        await page.WaitForURLAsync("**/dashboard");
        await Assertions.Expect(page.Locator("#email")).ToHaveTextAsync("ann@example.com");
    });

    [Fact]
    public Task Remove_AfterConfirmingWithThePasskey_ThenItSignsInNoMore() => RunAsync(async () =>
    {
        var server = Server(new Dictionary<string, string?> { ["AuthKit:Sessions:FreshFor"] = "00:00:01" });
        var page = await Devices.OpenAsync(server.BaseUrl);
        await VirtualAuthenticator.AddAsync(page);
        await SignUpAsync(page, "ann@example.com");
        await Task.Delay(1500);

        // Adding one needs a fresh session: the password first.
        await page.GotoAsync("/security");
        await page.GetByLabel("Name").FillAsync("Laptop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reauthenticate")).ToBeVisibleAsync();
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Confirm it's me" }).ClickAsync();
        await Assertions.Expect(page.Locator("#passkeys li")).ToContainTextAsync("Laptop");

        // Removing it too: this time the passkey itself confirms.
        await Task.Delay(1500);
        await page.Locator("#passkeys li").GetByRole(AriaRole.Button, new() { Name = "Remove" }).ClickAsync();
        await Assertions.Expect(page.Locator("#reauthenticate")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Use a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("#passkeys li")).ToHaveCountAsync(0);

        // The authenticator still holds the credential; the app no longer accepts it.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/login");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("not accepted");
        page.Url.Should().EndWith("/login");
    });

    [Fact]
    public Task AnotherAccountsCredential_OnASecondAuthenticator_IsRefusedAsTheSecondStep() => RunAsync(async () =>
    {
        var server = Server();
        var ann = await Devices.OpenAsync(server.BaseUrl);
        var annsKey = await VirtualAuthenticator.AddAsync(ann);
        await SignUpAsync(ann, "ann@example.com");
        await EnrolTotpAsync(ann);
        await AddPasskeyAsync(ann, "Ann's laptop");

        var bob = await Devices.OpenAsync(server.BaseUrl);
        var bobsKey = await VirtualAuthenticator.AddAsync(bob);
        await SignUpAsync(bob, "bob@example.com");
        await AddPasskeyAsync(bob, "Bob's laptop");

        // Ann's browser now holds only a second authenticator, with Bob's credential on it.
        await annsKey.RemoveAsync();
        var second = await VirtualAuthenticator.AddAsync(ann);
        await second.AddCredentialAsync((await bobsKey.CredentialsAsync()).Single());
        await WithoutAutofillAsync(ann);
        await ann.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await ann.WaitForURLAsync("**/login");
        await FillLoginAsync(ann, "ann@example.com");
        await ann.WaitForURLAsync("**/login/second-factor?passkey=1");

        // A tampered page drops the allow list so the authenticator answers with Bob's credential: the server refuses it.
        var status = await ann.EvaluateAsync<int>("""
            async () => {
              const options = await (await fetch('/api/auth/passkeys/login/options', { method: 'POST' })).json();
              options.allowCredentials = [];
              const credential = await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(options) });
              const answer = await fetch('/api/auth/passkeys/login', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(credential.toJSON()) });
              return answer.status;
            }
            """);

        status.Should().Be(400);
        await ann.GotoAsync("/dashboard");
        await ann.WaitForURLAsync(new Regex(".*/login\\?returnUrl=%2Fdashboard$"));
    });

    /// <summary>
    /// Pages opened from now on see a browser without passkey autofill (conditional UI), as older browsers are: the login
    /// page then starts no request of its own that a virtual authenticator, touched at once, would answer.
    /// </summary>
    private static Task WithoutAutofillAsync(IPage page) =>
        page.AddInitScriptAsync("PublicKeyCredential.isConditionalMediationAvailable = async () => false;");

    private static async Task AddPasskeyAsync(IPage page, string name)
    {
        await page.GotoAsync("/security");
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a passkey" }).ClickAsync();
        await Assertions.Expect(page.Locator("#passkey-notice")).ToHaveTextAsync($"Passkey \"{name}\" added.");
        await Assertions.Expect(page.Locator("#passkeys li")).ToContainTextAsync(name);
    }

    /// <summary>A Chromium virtual authenticator on one page, driven over the DevTools protocol's WebAuthn domain.</summary>
    private sealed class VirtualAuthenticator(ICDPSession cdp, string id)
    {
        public static async Task<VirtualAuthenticator> AddAsync(IPage page)
        {
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("WebAuthn.enable", new Dictionary<string, object> { ["enableUI"] = false });
            var added = await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2",
                    ["ctap2Version"] = "ctap2_1",
                    ["transport"] = "internal",
                    ["hasResidentKey"] = true,
                    ["hasUserVerification"] = true,
                    ["isUserVerified"] = true,
                    ["automaticPresenceSimulation"] = true,
                },
            });
            return new VirtualAuthenticator(cdp, added!.Value.GetProperty("authenticatorId").GetString()!);
        }

        public async Task<IReadOnlyList<JsonElement>> CredentialsAsync()
        {
            var result = await cdp.SendAsync("WebAuthn.getCredentials", new Dictionary<string, object> { ["authenticatorId"] = id });
            return [.. result!.Value.GetProperty("credentials").EnumerateArray().Select(c => c.Clone())];
        }

        public Task AddCredentialAsync(JsonElement credential) => cdp.SendAsync("WebAuthn.addCredential", new Dictionary<string, object>
        {
            ["authenticatorId"] = id,
            ["credential"] = JsonSerializer.Deserialize<Dictionary<string, object>>(credential.GetRawText())!,
        });

        public Task RemoveAsync() => cdp.SendAsync("WebAuthn.removeVirtualAuthenticator", new Dictionary<string, object> { ["authenticatorId"] = id });
    }
}
