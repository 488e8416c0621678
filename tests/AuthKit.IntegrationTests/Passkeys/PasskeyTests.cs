using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.IntegrationTests.TwoFactor;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Passkeys;

/// <summary>
/// Passkeys over HTTP with a software authenticator: registration, passwordless sign-in, the second step, step-up, the
/// list, rename and removal, and every refusal the issue names (origin, relying party, challenge replay and expiry,
/// tampering, unknown and foreign credentials, a counter going backwards), for both session kinds.
/// </summary>
public abstract class PasskeyTests : TwoFactorTestBase
{
    private const string Origin = PublicOrigin;

    protected override AuthKitAppFactory CreateApp() => TwoFactorApp(new Dictionary<string, string?> { ["Passkeys:Enabled"] = "true" }, SessionMode);

    [Fact]
    public async Task RegistrationOptions_AskForADiscoverableVerifiedCredential_UnderARandomUserHandle()
    {
        var email = TestSmtp.NewAddress();
        var client = await SignedInAsync(email);

        var response = await client.PostAsync("/api/auth/passkeys/register/options");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var options = await JsonAsync(response);
        options.GetProperty("rp").GetProperty("id").GetString().Should().Be("app.example.test");
        options.GetProperty("authenticatorSelection").GetProperty("residentKey").GetString().Should().Be("required");
        options.GetProperty("authenticatorSelection").GetProperty("userVerification").GetString().Should().Be("required");
        options.GetProperty("attestation").GetString().Should().Be("none");
        var handle = System.Buffers.Text.Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        handle.Should().HaveCount(32);
        var text = System.Text.Encoding.UTF8.GetString(handle);
        text.Should().NotContain(UserId(App, email), "the handle is random bytes, not the user id").And.NotContain(email);
        var other = await JsonAsync(await (await SignedInAsync(TestSmtp.NewAddress())).PostAsync("/api/auth/passkeys/register/options"));
        other.GetProperty("user").GetProperty("id").GetString().Should().NotBe(options.GetProperty("user").GetProperty("id").GetString());
        System.Buffers.Text.Base64Url.DecodeFromChars(options.GetProperty("challenge").GetString()).Should().HaveCount(32);
        client.OtherCookies.Should().ContainKey(client.CookieName + "-webauthn");
    }

    [Fact]
    public async Task Register_ThenSignInWithoutAPassword_StartsANewSession()
    {
        var email = TestSmtp.NewAddress();
        var (owner, key) = await RegisteredAsync(email);
        var before = await SessionIdAsync(owner);

        var browser = Client();
        var response = await PasswordlessAsync(browser, key);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(response)).GetProperty("redirectTo").GetString().Should().Be("/dashboard");
        (await SessionIdAsync(browser)).Should().NotBeNull().And.NotBe(before);
        var list = await JsonAsync(await browser.GetAsync("/api/auth/passkeys"));
        list.GetArrayLength().Should().Be(1);
        list[0].GetProperty("lastUsedAt").ValueKind.Should().Be(JsonValueKind.String);
        list[0].GetProperty("deviceType").GetString().Should().Be("multiDevice");
        (await Smtp.WaitForAsync(email, 1)).Select(m => m.Subject).Should().Contain(s => s.Contains("passkey was added", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Register_NeedsAFreshSession()
    {
        var client = await SignedInAsync(TestSmtp.NewAddress());
        App.Time.Advance(TimeSpan.FromMinutes(11));

        var response = await client.PostAsync("/api/auth/passkeys/register/options");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(response)).Should().Be("reauthentication_required");
    }

    [Fact]
    public async Task Register_TheSameAuthenticatorTwice_IsRefused()
    {
        var (owner, key) = await RegisteredAsync(TestSmtp.NewAddress());

        var options = await JsonAsync(await owner.PostAsync("/api/auth/passkeys/register/options"));
        options.GetProperty("excludeCredentials")[0].GetProperty("id").GetString().Should().Be(key.Id);
        var again = await owner.PostAsync("/api/auth/passkeys/register", key.Create(options));

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ErrorCodeAsync(again)).Should().Be("passkey_exists");
    }

    [Fact]
    public async Task Register_FromAnotherOrigin_OrForAnotherRelyingParty_IsRefused()
    {
        var client = await SignedInAsync(TestSmtp.NewAddress());
        using var key = new SoftAuthenticator(Origin);

        var phished = await client.PostAsync("/api/auth/passkeys/register", key.Create(await OptionsAsync(client, "register"), new() { Origin = "https://app.example.test.evil.example" }));
        var otherRp = await client.PostAsync("/api/auth/passkeys/register", key.Create(await OptionsAsync(client, "register"), new() { RpId = "evil.example" }));

        (await ErrorCodeAsync(phished)).Should().Be("passkey_invalid");
        (await ErrorCodeAsync(otherRp)).Should().Be("passkey_invalid");
        (await JsonAsync(await client.GetAsync("/api/auth/passkeys"))).GetArrayLength().Should().Be(0);
    }

    [Theory]
    [InlineData("origin")]
    [InlineData("rpId")]
    [InlineData("clientData")]
    [InlineData("authData")]
    [InlineData("signature")]
    [InlineData("userVerification")]
    [InlineData("userHandle")]
    public async Task SignIn_WithASpoiledAssertion_IsRefused(string spoiled)
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var spoil = spoiled switch
        {
            "origin" => new SoftAuthenticator.Spoil { Origin = "https://evil.example" },
            "rpId" => new SoftAuthenticator.Spoil { RpId = "evil.example" },
            "clientData" => new SoftAuthenticator.Spoil { TamperClientData = true },
            "authData" => new SoftAuthenticator.Spoil { TamperAuthData = true },
            "signature" => new SoftAuthenticator.Spoil { TamperSignature = true },
            "userVerification" => new SoftAuthenticator.Spoil { WithoutUserVerification = true },
            _ => new SoftAuthenticator.Spoil { UserHandle = new byte[32] },
        };
        var browser = Client();

        var response = await PasswordlessAsync(browser, key, spoil);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("passkey_invalid");
        browser.Cookie.Should().BeNull();
        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4021, "a refused passkey is a security event");
    }

    [Fact]
    public async Task SignIn_ReplayingAnAnsweredChallenge_IsRefused()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var browser = Client();
        var options = await OptionsAsync(browser, "login");
        var handle = browser.OtherCookies[browser.CookieName + "-webauthn"];
        var assertion = key.Get(options);
        (await browser.PostAsync("/api/auth/passkeys/login", assertion)).StatusCode.Should().Be(HttpStatusCode.OK);

        // Captured on the wire: the same challenge cookie and the same signed answer, again.
        var replay = Client();
        replay.OtherCookies[replay.CookieName + "-webauthn"] = handle;
        var response = await replay.PostAsync("/api/auth/passkeys/login", assertion);

        (await ErrorCodeAsync(response)).Should().Be("challenge_expired");
        replay.Cookie.Should().BeNull();
    }

    [Fact]
    public async Task SignIn_AfterTheChallengeExpired_IsRefused()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var browser = Client();
        var options = await OptionsAsync(browser, "login");
        App.Time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        var response = await browser.PostAsync("/api/auth/passkeys/login", key.Get(options));

        (await ErrorCodeAsync(response)).Should().Be("challenge_expired");
    }

    [Fact]
    public async Task ANewOptionsCall_ReplacesTheBrowsersPreviousChallenge()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var browser = Client();
        var first = await OptionsAsync(browser, "login");
        var firstHandle = browser.OtherCookies[browser.CookieName + "-webauthn"];
        await OptionsAsync(browser, "login");
        browser.OtherCookies[browser.CookieName + "-webauthn"] = firstHandle;

        var response = await browser.PostAsync("/api/auth/passkeys/login", key.Get(first));

        (await ErrorCodeAsync(response)).Should().Be("challenge_expired");
    }

    [Fact]
    public async Task SignIn_WithAnUnknownCredential_IsRefused()
    {
        await RegisteredAsync(TestSmtp.NewAddress());
        using var stranger = new SoftAuthenticator(Origin);
        var browser = Client();

        var response = await browser.PostAsync("/api/auth/passkeys/login", stranger.Get(await OptionsAsync(browser, "login"), new() { UserHandle = new byte[32] }));

        (await ErrorCodeAsync(response)).Should().Be("passkey_invalid");
    }

    [Fact]
    public async Task SignIn_WithACounterThatWentBackwards_IsRefusedAndReported()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        (await PasswordlessAsync(Client(), key)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PasswordlessAsync(Client(), key)).StatusCode.Should().Be(HttpStatusCode.OK);

        // A clone made before the last two uses: its counter is behind the stored one.
        var response = await PasswordlessAsync(Client(), key, new SoftAuthenticator.Spoil { Counter = 1 });

        (await ErrorCodeAsync(response)).Should().Be("passkey_invalid");
        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4022);
    }

    [Fact]
    public async Task AnAuthenticatorWithoutACounter_SignsInEveryTime()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        key.CountsSignatures = false;
        key.Counter = 0;

        (await PasswordlessAsync(Client(), key)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await PasswordlessAsync(Client(), key)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SecondStep_WithAPasskey_CompletesThePendingSignIn_OnlyWithThatUsersPasskey()
    {
        var user = await EnrolAsync(App);
        using var key = new SoftAuthenticator(Origin);
        await RegisterAsync(user.Client, key);
        var (_, othersKey) = await RegisteredAsync(TestSmtp.NewAddress());

        var login = await Client().PostAsync("/api/auth/login", new { email = user.Email, password = Password });
        (await JsonAsync(login)).GetProperty("methods").EnumerateArray().Select(m => m.GetString()).Should().Equal("totp", "recovery_code", "passkey");

        // Another account's passkey does not complete this user's pending sign-in.
        var pending = await PasswordStepAsync(App, user.Email);
        var options = await OptionsAsync(pending, "login");
        options.GetProperty("allowCredentials").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Should().Equal(key.Id);
        var foreign = await pending.PostAsync("/api/auth/passkeys/login", othersKey.Get(options));
        (await ErrorCodeAsync(foreign)).Should().Be("passkey_invalid");
        pending.Cookie.Should().BeNull();

        var response = await pending.PostAsync("/api/auth/passkeys/login", key.Get(await OptionsAsync(pending, "login")));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        pending.PendingCookie.Should().BeNull();
        (await pending.GetAsync("/api/me")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SecondStep_ForAUserWithoutPasskeys_OffersNone()
    {
        var user = await EnrolAsync(App);
        var pending = await PasswordStepAsync(App, user.Email);

        var response = await pending.PostAsync("/api/auth/passkeys/login/options");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ErrorCodeAsync(response)).Should().Be("no_passkeys");
        pending.OtherCookies.Should().NotContainKey(pending.CookieName + "-webauthn");
    }

    [Fact]
    public async Task APendingSignIn_IsNotASessionForThePasskeyEndpoints()
    {
        var user = await EnrolAsync(App);
        using var key = new SoftAuthenticator(Origin);
        await RegisterAsync(user.Client, key);
        var pending = await PasswordStepAsync(App, user.Email);

        (await pending.GetAsync("/api/auth/passkeys")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await pending.PostAsync("/api/auth/passkeys/register/options")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await pending.PostAsync("/api/auth/passkeys/reauthenticate/options")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await pending.SendAsync(HttpMethod.Delete, "/api/auth/passkeys/" + key.Id)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task StepUp_WithAPasskey_MakesTheSessionFresh_AnotherUsersPasskeyDoesNot()
    {
        var (owner, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var (_, othersKey) = await RegisteredAsync(TestSmtp.NewAddress());
        App.Time.Advance(TimeSpan.FromMinutes(11));
        (await owner.PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var foreign = await owner.PostAsync("/api/auth/passkeys/reauthenticate", othersKey.Get(await OptionsAsync(owner, "reauthenticate")));
        (await ErrorCodeAsync(foreign)).Should().Be("passkey_invalid");
        (await owner.PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var before = await SessionIdAsync(owner);
        var response = await owner.PostAsync("/api/auth/passkeys/reauthenticate", key.Get(await OptionsAsync(owner, "reauthenticate")));

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.PostAsync("/api/fresh")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await SessionIdAsync(owner)).Should().NotBe(before);
    }

    [Fact]
    public async Task AChallengeForOneCeremony_IsNotTakenByAnother()
    {
        var (owner, key) = await RegisteredAsync(TestSmtp.NewAddress());

        // Step-up options answered at the sign-in endpoint: refused, and the challenge is used up.
        var options = await OptionsAsync(owner, "reauthenticate");
        var response = await owner.PostAsync("/api/auth/passkeys/login", key.Get(options));

        (await ErrorCodeAsync(response)).Should().Be("challenge_expired");
        (await ErrorCodeAsync(await owner.PostAsync("/api/auth/passkeys/reauthenticate", key.Get(options)))).Should().Be("challenge_expired");
    }

    [Fact]
    public async Task Rename_ThenRemove_WhichNeedsAFreshSession_AndThePasskeySignsInNoMore()
    {
        var email = TestSmtp.NewAddress();
        var (owner, key) = await RegisteredAsync(email);

        var renamed = await owner.SendAsync(HttpMethod.Patch, "/api/auth/passkeys/" + key.Id, new { name = "  Work laptop " });
        (await JsonAsync(renamed)).GetProperty("name").GetString().Should().Be("Work laptop");
        (await ErrorCodeAsync(await owner.SendAsync(HttpMethod.Patch, "/api/auth/passkeys/" + key.Id, new { name = new string('x', 65) }))).Should().Be("passkey_name_invalid");

        App.Time.Advance(TimeSpan.FromMinutes(11));
        var stale = await owner.SendAsync(HttpMethod.Delete, "/api/auth/passkeys/" + key.Id);
        stale.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(stale)).Should().Be("reauthentication_required");

        (await owner.PostAsync("/api/auth/reauthenticate", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.SendAsync(HttpMethod.Delete, "/api/auth/passkeys/" + key.Id)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await JsonAsync(await owner.GetAsync("/api/auth/passkeys"))).GetArrayLength().Should().Be(0);
        (await ErrorCodeAsync(await PasswordlessAsync(Client(), key))).Should().Be("passkey_invalid");
        (await Smtp.WaitForAsync(email, 2)).Select(m => m.Subject).Should().Contain(s => s.Contains("passkey was removed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnotherUsersPasskey_CannotBeRenamedOrRemoved()
    {
        var (_, key) = await RegisteredAsync(TestSmtp.NewAddress());
        var other = await SignedInAsync(TestSmtp.NewAddress());

        (await other.SendAsync(HttpMethod.Patch, "/api/auth/passkeys/" + key.Id, new { name = "mine" })).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.SendAsync(HttpMethod.Delete, "/api/auth/passkeys/" + key.Id)).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await other.SendAsync(HttpMethod.Delete, "/api/auth/passkeys/not*base64")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await PasswordlessAsync(Client(), key)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"id\":\"AAAA\",\"rawId\":\"AAAA\",\"type\":\"public-key\"}")]
    [InlineData("{\"id\":\"AAAA\",\"rawId\":\"!!!\",\"type\":\"public-key\",\"response\":{}}")]
    [InlineData("not json")]
    public async Task SignIn_WithMalformedInput_IsAClearRefusal(string body)
    {
        var browser = Client();
        await OptionsAsync(browser, "login");

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/passkeys/login") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", browser.Origin);
        request.Headers.Add("Cookie", string.Join("; ", browser.OtherCookies.Select(c => $"{c.Key}={c.Value}")));
        var response = await browser.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    protected async Task<(SessionClient Owner, SoftAuthenticator Key)> RegisteredAsync(string email)
    {
        var owner = await SignedInAsync(email);
        var key = new SoftAuthenticator(Origin);
        await RegisterAsync(owner, key);
        return (owner, key);
    }

    protected static async Task RegisterAsync(SessionClient owner, SoftAuthenticator key)
    {
        var response = await owner.PostAsync("/api/auth/passkeys/register", key.Create(await OptionsAsync(owner, "register")));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    protected static async Task<JsonElement> OptionsAsync(SessionClient client, string ceremony)
    {
        var response = await client.PostAsync($"/api/auth/passkeys/{ceremony}/options");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    private static async Task<HttpResponseMessage> PasswordlessAsync(SessionClient browser, SoftAuthenticator key, SoftAuthenticator.Spoil? spoil = null)
        => await browser.PostAsync("/api/auth/passkeys/login", key.Get(await OptionsAsync(browser, "login"), spoil));

    private static async Task<string?> SessionIdAsync(SessionClient client)
    {
        var response = await client.GetAsync("/api/me");
        return response.IsSuccessStatusCode ? (await JsonAsync(response)).GetProperty("sessionId").GetString() : null;
    }
}

public sealed class StatelessPasskeyTests : PasskeyTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabasePasskeyTests : PasskeyTests
{
    protected override string SessionMode => "Database";
}

/// <summary>The suite with database sessions, and the challenges held in SQLite's one-time token table.</summary>
public sealed class SqlitePasskeyTests : PasskeyTests
{
    private readonly StoreScope _store = StoreScope.Sqlite();

    protected override string SessionMode => "Database";

    protected override IReadOnlyDictionary<string, string?> StoreSettings => _store.Settings;

    public override void Dispose()
    {
        base.Dispose();
        _store.Dispose();
    }
}

/// <summary>The suite with database sessions, and the challenges held in Redis (the shared test server).</summary>
public sealed class RedisPasskeyTests : PasskeyTests
{
    private readonly StoreScope _store = StoreScope.Redis("passkeys");

    protected override string SessionMode => "Database";

    protected override IReadOnlyDictionary<string, string?> StoreSettings => _store.Settings;

    public override void Dispose()
    {
        base.Dispose();
        _store.Dispose();
    }
}
