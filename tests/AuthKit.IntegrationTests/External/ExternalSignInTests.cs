using System.Net;
using System.Net.Sockets;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.IntegrationTests.TwoFactor;
using AuthKit.Testing.External;
using AuthKit.Testing.Mail;
using AuthKit.TestApp;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.External;

/// <summary>
/// External sign-in against a real OpenID Connect provider over HTTP (panva's oidc-provider, code flow with PKCE,
/// driven by ASP.NET Core's AddOpenIdConnect): the linking rules one by one, the second factor after it, linking and
/// unlinking, and the attacks (state and nonce tampering, a replayed callback, an unverified address matching an
/// account, an open redirect, a provider that refuses or does not answer), for both session kinds.
/// </summary>
public abstract class ExternalSignInTests : TwoFactorTestBase, IAsyncLifetime
{
    protected OidcProvider Provider { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Provider = await OidcProvider.SharedAsync();
    }

    private Dictionary<string, string?>? _settings;

    protected override AuthKitAppFactory CreateApp() => ExternalApp(_settings);

    /// <summary>Settings for this test's app (before its first use).</summary>
    protected void Use(Dictionary<string, string?> settings) => _settings = settings;

    protected AuthKitAppFactory ExternalApp(IDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?> { ["External:Authority"] = Provider.Issuer };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return TwoFactorApp(all, SessionMode);
    }

    [Fact]
    public async Task ANewSubject_WithAVerifiedAddress_CreatesAnAccountWithoutAPassword_AndSignsIn()
    {
        var email = TestSmtp.NewAddress();
        var browser = Client();

        var landed = await SignInAtProviderAsync(browser, $"new-{Guid.NewGuid():n};{email};true", "/dashboard?tab=1");

        landed.Should().Be("/dashboard?tab=1");
        var session = await JsonAsync(await browser.GetAsync("/api/auth/session"));
        session.GetProperty("emailVerified").GetBoolean().Should().BeTrue();
        var logins = await JsonAsync(await browser.GetAsync("/api/auth/logins"));
        logins.GetArrayLength().Should().Be(1);
        logins[0].GetProperty("provider").GetString().Should().Be("oidc");
        logins[0].GetProperty("displayName").GetString().Should().Be("Test provider");
        Store.All().Single(u => u.Email == email).PasswordHash.Should().BeEmpty("the account has no password");
        (await Client().PostAsync("/api/auth/login", new { email, password = "" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client().PostAsync("/api/auth/login", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AKnownSubject_SignsInItsUser_UnderANewSessionId()
    {
        var subject = $"known-{Guid.NewGuid():n}";
        var email = TestSmtp.NewAddress();
        var first = Client();
        await SignInAtProviderAsync(first, $"{subject};{email};false");
        var userId = await UserIdAsync(first);

        var second = Client();
        await SignInAtProviderAsync(second, $"{subject};{email};false");

        (await UserIdAsync(second)).Should().Be(userId);
        (await JsonAsync(await second.GetAsync("/api/auth/session"))).GetProperty("emailVerified").GetBoolean().Should().BeFalse("the provider did not verify it");
        Store.All().Count(u => u.Email == email).Should().Be(1);
    }

    [Fact]
    public async Task AnUnverifiedProviderAddress_MatchingAnAccount_IsNeverLinked_EvenFromATrustedProvider()
    {
        Use(new Dictionary<string, string?> { ["AuthKit:ExternalLogins:TrustedForEmail:0"] = "oidc" });
        var email = TestSmtp.NewAddress();
        await VerifiedAccountAsync(email);
        var attacker = Client();

        var landed = await SignInAtProviderAsync(attacker, $"attacker-{Guid.NewGuid():n};{email};false");

        landed.Should().Be("/login?error=link_required");
        attacker.Cookie.Should().BeNull();
        (await Store.GetLoginsAsync(UserId(App, email), default)).Should().BeEmpty();
        Store.All().Count(u => u.Email == email).Should().Be(1, "nothing was created");
    }

    [Fact]
    public async Task AVerifiedProviderAddress_FromAnUntrustedProvider_OrToAnUnverifiedAccount_IsNotLinked()
    {
        var email = TestSmtp.NewAddress();
        await VerifiedAccountAsync(email);
        (await SignInAtProviderAsync(Client(), $"s-{Guid.NewGuid():n};{email};true")).Should().Be("/login?error=link_required", "the provider is not trusted for email");

        var trusted = Track(ExternalApp(new Dictionary<string, string?> { ["AuthKit:ExternalLogins:TrustedForEmail:0"] = "oidc" }));
        var unverified = TestSmtp.NewAddress();
        await SignedInAsync(unverified, trusted);
        (await SignInAtProviderAsync(Client(trusted), $"s-{Guid.NewGuid():n};{unverified};true")).Should().Be("/login?error=link_required", "the local address is not verified");
        (await trusted.Services.GetRequiredService<InMemoryUserStore>().GetLoginsAsync(UserId(trusted, unverified), default)).Should().BeEmpty();
    }

    [Fact]
    public async Task AVerifiedAddress_FromATrustedProvider_ToAVerifiedAccount_LinksAndSignsIn()
    {
        Use(new Dictionary<string, string?> { ["AuthKit:ExternalLogins:TrustedForEmail:0"] = "oidc" });
        var email = TestSmtp.NewAddress();
        await VerifiedAccountAsync(email);
        var browser = Client();

        (await SignInAtProviderAsync(browser, $"s-{Guid.NewGuid():n};{email};true")).Should().Be("/dashboard");

        (await UserIdAsync(browser)).Should().Be(UserId(App, email));
        (await Store.GetLoginsAsync(UserId(App, email), default)).Should().ContainSingle();
    }

    [Fact]
    public async Task SignUpDisabled_RefusesANewSubject_AndAMissingAddressIsRefused()
    {
        Use(new Dictionary<string, string?> { ["AuthKit:ExternalLogins:AllowSignUp"] = "false" });
        var before = Store.All().Count;

        (await SignInAtProviderAsync(Client(), $"s-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true")).Should().Be("/login?error=signup_disabled");
        (await SignInAtProviderAsync(Client(), $"no-email-{Guid.NewGuid():n};;")).Should().Be("/login?error=email_required");
        Store.All().Should().HaveCount(before);
    }

    [Fact]
    public async Task WithVerifiedAddressesRequired_AnUnverifiedProviderAddress_CreatesNoAccount()
    {
        Use(new Dictionary<string, string?> { ["AuthKit:Email:RequireVerified"] = "true" });
        var email = TestSmtp.NewAddress();

        (await SignInAtProviderAsync(Client(), $"u-{Guid.NewGuid():n};{email};false")).Should().Be("/login?error=email_unverified");
        Store.All().Should().NotContain(u => u.Email == email);
        (await SignInAtProviderAsync(Client(), $"v-{Guid.NewGuid():n};{email};true")).Should().Be("/dashboard", "a verified one signs up");
    }

    [Fact]
    public async Task Linking_FromAFreshSession_ThenTheProviderSignsIntoThatAccount()
    {
        var email = TestSmtp.NewAddress();
        var owner = await SignedInAsync(email);
        var subject = $"link-{Guid.NewGuid():n}";

        var landed = await LinkAtProviderAsync(owner, $"{subject};other-{email};false");

        landed.Should().Be("/security");
        (await JsonAsync(await owner.GetAsync("/api/auth/logins"))).GetArrayLength().Should().Be(1);
        var elsewhere = Client();
        await SignInAtProviderAsync(elsewhere, $"{subject};other-{email};false");
        (await UserIdAsync(elsewhere)).Should().Be(UserId(App, email));
        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4024, "linking is a security event");
    }

    [Fact]
    public async Task Linking_NeedsAFreshSession_AndASubjectLinkedElsewhereIsRefused()
    {
        var owner = await SignedInAsync(TestSmtp.NewAddress());
        App.Time.Advance(TimeSpan.FromMinutes(11));
        var stale = await owner.PostAsync("/api/auth/external/oidc/link?returnUrl=/security");
        stale.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(stale)).Should().Be("reauthentication_required");

        var login = $"taken-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true";
        await SignInAtProviderAsync(Client(), login);
        var other = await SignedInAsync(TestSmtp.NewAddress());
        (await LinkAtProviderAsync(other, login)).Should().Be("/security?error=login_taken");
        (await JsonAsync(await other.GetAsync("/api/auth/logins"))).GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task ALinkToken_WorksOnceAndOnlyInItsOwnersSession()
    {
        var owner = await SignedInAsync(TestSmtp.NewAddress());
        var link = (await JsonAsync(await owner.PostAsync("/api/auth/external/oidc/link?returnUrl=/security"))).GetProperty("redirectTo").GetString()!;

        var thief = await SignedInAsync(TestSmtp.NewAddress());
        var stolen = await thief.GetAsync(link);
        stolen.StatusCode.Should().Be(HttpStatusCode.Redirect);
        stolen.Headers.Location!.OriginalString.Should().Be("/login?error=external_failed");

        // The owner's own session takes it, once.
        (await owner.GetAsync(link)).Headers.Location!.OriginalString.Should().StartWith(Provider.Issuer);
        (await owner.GetAsync(link)).Headers.Location!.OriginalString.Should().Be("/login?error=external_failed");
    }

    [Fact]
    public async Task Unlinking_NeedsAFreshSession_AndNeverTakesTheLastWayIn()
    {
        var email = TestSmtp.NewAddress();
        var externalOnly = Client();
        await SignInAtProviderAsync(externalOnly, $"only-{Guid.NewGuid():n};{email};true");

        var last = await externalOnly.SendAsync(HttpMethod.Delete, "/api/auth/logins/oidc");
        last.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ErrorCodeAsync(last)).Should().Be("last_sign_in_method");

        var owner = await SignedInAsync(TestSmtp.NewAddress());
        await LinkAtProviderAsync(owner, $"unlink-{Guid.NewGuid():n};;");
        App.Time.Advance(TimeSpan.FromMinutes(11));
        (await owner.SendAsync(HttpMethod.Delete, "/api/auth/logins/oidc")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await owner.PostAsync("/api/auth/reauthenticate", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await owner.SendAsync(HttpMethod.Delete, "/api/auth/logins/oidc")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await JsonAsync(await owner.GetAsync("/api/auth/logins"))).GetArrayLength().Should().Be(0);
        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4025);
    }

    [Fact]
    public async Task AUserWithASecondFactor_PassesTheSecondStepAfterTheProvider()
    {
        var user = await EnrolAsync(App);
        var subject = $"mfa-{Guid.NewGuid():n}";
        (await LinkAtProviderAsync(user.Client, $"{subject};;")).Should().Be("/security");

        var browser = Client();
        var landed = await SignInAtProviderAsync(browser, $"{subject};;", "/dashboard");

        landed.Should().Be("/login/second-factor");
        browser.Cookie.Should().BeNull("no session before the second factor");
        browser.PendingCookie.Should().NotBeNull();
        var second = await browser.PostAsync("/api/auth/login/second-factor", new { code = CodeAt(App, user.Secret) });
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        (await JsonAsync(second)).GetProperty("redirectTo").GetString().Should().Be("/dashboard");
        (await UserIdAsync(browser)).Should().Be(user.UserId);
    }

    [Fact]
    public async Task AProviderTrustedForMfa_ThatAssertsMfa_SkipsTheSecondStep_OnlyWhenItSaysSo()
    {
        Use(new Dictionary<string, string?> { ["AuthKit:ExternalLogins:TrustedForMfa:0"] = "oidc" });
        var withMfa = await EnrolAsync(App);
        var mfaLogin = $"amr-{Guid.NewGuid():n};;;mfa";
        await LinkAtProviderAsync(withMfa.Client, mfaLogin);
        var without = await EnrolAsync(App);
        var plainLogin = $"plain-{Guid.NewGuid():n};;";
        await LinkAtProviderAsync(without.Client, plainLogin);

        (await SignInAtProviderAsync(Client(), mfaLogin)).Should().Be("/dashboard", "the trusted provider says it asked for a second factor");
        (await SignInAtProviderAsync(Client(), plainLogin)).Should().Be("/login/second-factor", "no amr mfa in this answer");
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    public async Task AnOpenRedirect_ThroughReturnUrl_EndsOnTheLandingPage(string returnUrl)
    {
        var browser = Client();

        var challenge = await browser.GetAsync("/api/auth/external/oidc?returnUrl=" + Uri.EscapeDataString(returnUrl));
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, $"s-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true");

        (await FollowBackAsync(browser, back)).Should().Be("/dashboard");
    }

    [Fact]
    public async Task ATamperedState_IsRefusedClearly_AndCreatesNothing()
    {
        var before = Store.All().Count;
        var browser = Client();
        var challenge = await browser.GetAsync("/api/auth/external/oidc");
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, $"s-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true");
        var tampered = System.Text.RegularExpressions.Regex.Replace(back.PathAndQuery, "state=([^&]{10})", "state=AAAAAAAAAA");

        (await FollowBackAsync(browser, new Uri(back, tampered))).Should().Be("/login?error=external_failed");
        browser.Cookie.Should().BeNull();
        Store.All().Should().HaveCount(before);
    }

    [Fact]
    public async Task ATamperedNonceCookie_IsRefused()
    {
        var browser = Client();
        var challenge = await browser.GetAsync("/api/auth/external/oidc");
        foreach (var name in browser.OtherCookies.Keys.Where(k => k.StartsWith(".AspNetCore.OpenIdConnect.Nonce.", StringComparison.Ordinal)).ToList())
        {
            browser.OtherCookies.Remove(name);
            browser.OtherCookies[".AspNetCore.OpenIdConnect.Nonce.forged"] = "N";
        }

        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, $"s-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true");

        (await FollowBackAsync(browser, back)).Should().Be("/login?error=external_failed");
        browser.Cookie.Should().BeNull();
    }

    [Fact]
    public async Task AReplayedCallback_IsRefused()
    {
        var browser = Client();
        var challenge = await browser.GetAsync("/api/auth/external/oidc");
        var cookies = new Dictionary<string, string>(browser.OtherCookies);
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, $"s-{Guid.NewGuid():n};{TestSmtp.NewAddress()};true");
        (await FollowBackAsync(browser, back)).Should().Be("/dashboard");

        // The same callback, with the cookies the browser had before it: the code is spent at the provider.
        var replay = Client();
        foreach (var (name, value) in cookies)
        {
            replay.OtherCookies[name] = value;
        }

        (await FollowBackAsync(replay, back)).Should().Be("/login?error=external_failed");
        replay.Cookie.Should().BeNull();
    }

    [Fact]
    public async Task TheCompletionEndpoint_WithoutAProviderAnswer_IsAClearRefusal()
    {
        var response = await Client().GetAsync("/api/auth/external/callback");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/login?error=external_failed");
    }

    [Fact]
    public async Task AProviderThatRefuses_EndsOnTheErrorPage()
    {
        var before = Store.All().Count;
        var browser = Client();
        var challenge = await browser.GetAsync("/api/auth/external/oidc");
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, "unused;;", abort: true);

        back.Query.Should().Contain("error=access_denied");
        (await FollowBackAsync(browser, back)).Should().Be("/login?error=external_failed");
        Store.All().Should().HaveCount(before);
    }

    [Fact]
    public async Task AProviderThatDoesNotAnswer_EndsOnTheErrorPage_NotA500()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        var app = Track(TwoFactorApp(new Dictionary<string, string?> { ["External:Authority"] = $"http://127.0.0.1:{port}", ["External:TimeoutSeconds"] = "1" }, SessionMode));

        var response = await Client(app).GetAsync("/api/auth/external/oidc");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/login?error=external_failed");
    }

    [Fact]
    public async Task UnknownProviders_AreNotFound_AndTheListNamesTheConfiguredOnes()
    {
        (await Client().GetAsync("/api/auth/external/nope")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        var providers = await JsonAsync(await Client().GetAsync("/api/auth/external"));
        providers.EnumerateArray().Select(p => p.GetProperty("name").GetString()).Should().Equal("oidc");
    }

    private InMemoryUserStore Store => App.Services.GetRequiredService<InMemoryUserStore>();

    private async Task VerifiedAccountAsync(string email)
    {
        await SignedInAsync(email);
        (await Store.SetEmailVerifiedAsync(UserId(App, email), email, default)).Should().BeTrue();
    }

    private async Task<string> SignInAtProviderAsync(SessionClient browser, string login, string? returnUrl = null)
    {
        var challenge = await browser.GetAsync("/api/auth/external/oidc" + (returnUrl is null ? string.Empty : "?returnUrl=" + Uri.EscapeDataString(returnUrl)));
        challenge.StatusCode.Should().Be(HttpStatusCode.Redirect, await challenge.Content.ReadAsStringAsync());
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, login);
        return await FollowBackAsync(browser, back);
    }

    private async Task<string> LinkAtProviderAsync(SessionClient owner, string login)
    {
        var link = await owner.PostAsync("/api/auth/external/oidc/link?returnUrl=/security");
        link.StatusCode.Should().Be(HttpStatusCode.OK, await link.Content.ReadAsStringAsync());
        var challenge = await owner.GetAsync((await JsonAsync(link)).GetProperty("redirectTo").GetString()!);
        challenge.StatusCode.Should().Be(HttpStatusCode.Redirect);
        var back = await Provider.AuthorizeAsync(challenge.Headers.Location!, login);
        return await FollowBackAsync(owner, back);
    }

    /// <summary>Follows the app's redirects from the provider's callback until they leave the callback and completion endpoints.</summary>
    private static async Task<string> FollowBackAsync(SessionClient browser, Uri back)
    {
        var next = back.PathAndQuery;
        for (var hop = 0; hop < 5; hop++)
        {
            var response = await browser.GetAsync(next);
            response.StatusCode.Should().NotBe(HttpStatusCode.InternalServerError, await response.Content.ReadAsStringAsync());
            response.StatusCode.Should().Be(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
            next = response.Headers.Location!.OriginalString;
            if (!next.StartsWith("/signin-oidc", StringComparison.Ordinal) && !next.StartsWith("/api/auth/external/callback", StringComparison.Ordinal))
            {
                return next;
            }
        }

        throw new InvalidOperationException("Too many redirects.");
    }

    private static async Task<string> UserIdAsync(SessionClient client)
        => (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("userId").GetString()!;
}

public sealed class StatelessExternalSignInTests : ExternalSignInTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabaseExternalSignInTests : ExternalSignInTests
{
    protected override string SessionMode => "Database";
}
