using System.Net;
using System.Text.Json;
using AuthKit.IntegrationTests.Accounts;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Testing.Mail;
using AuthKit.TestApp;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace AuthKit.IntegrationTests.TwoFactor;

/// <summary>
/// Second-factor tests: the test app with TOTP on (and the email flows, over the shared SMTP server, for the notices
/// and the reset). Codes are computed by Otp.NET, an implementation independent of AuthKit's, at the app's fake time.
/// </summary>
public abstract class TwoFactorTestBase : EmailTestBase
{
    protected AuthKitAppFactory TwoFactorApp(IDictionary<string, string?>? settings = null, string? sessionMode = null)
    {
        var all = new Dictionary<string, string?>(StoreSettings) { ["TwoFactor:Enabled"] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return EmailApp(all, sessionMode);
    }

    protected override AuthKitAppFactory CreateApp() => TwoFactorApp();

    /// <summary>Where the app keeps sessions, revocations and throttle counters (in memory unless a suite says otherwise).</summary>
    protected virtual IReadOnlyDictionary<string, string?> StoreSettings { get; } = new Dictionary<string, string?>();

    /// <summary>The code of the step at the app's current time plus <paramref name="steps"/> steps.</summary>
    protected static string CodeAt(AuthKitAppFactory app, byte[] secret, int steps = 0)
        => new Totp(secret).ComputeTotp(app.Time.GetUtcNow().AddSeconds(30 * steps).UtcDateTime);

    /// <summary>Signs a new user up, turns the second factor on (setup, first code) and returns its secret and recovery codes.</summary>
    protected async Task<Enrolled> EnrolAsync(AuthKitAppFactory app, string? email = null)
    {
        email ??= TestSmtp.NewAddress();
        var client = Client(app);
        await client.SignUpAndInAsync(email, Password);
        var setup = await client.PostAsync("/api/auth/mfa/totp/setup");
        setup.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(setup);
        var secret = Base32Encoding.ToBytes(body.GetProperty("secret").GetString()!);
        var confirm = await client.PostAsync("/api/auth/mfa/totp/confirm", new { code = CodeAt(app, secret) });
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        var codes = (await JsonAsync(confirm)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();

        // The enrolment used this step's code: later sign-ins start on the next step.
        app.Time.Advance(TimeSpan.FromSeconds(30));
        return new Enrolled(email, secret, codes, client, UserId(app, email));
    }

    /// <summary>The first step: the right password, answered with "second factor required" and the pending cookie only.</summary>
    protected async Task<SessionClient> PasswordStepAsync(AuthKitAppFactory app, string email)
    {
        var client = Client(app);
        var response = await client.PostAsync("/api/auth/login", new { email, password = Password });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await JsonAsync(response);
        body.GetProperty("secondFactorRequired").GetBoolean().Should().BeTrue();
        client.Cookie.Should().BeNull("no session exists before the second factor");
        client.PendingCookie.Should().NotBeNull("the pending state has its own cookie");
        return client;
    }

    protected static string UserId(AuthKitAppFactory app, string email)
        => app.Services.GetRequiredService<InMemoryUserStore>().All().Single(u => u.Email == email).Id;

    protected static async Task<int> RecoveryCodesLeftAsync(SessionClient client)
        => (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("recoveryCodesLeft").GetInt32();

    protected sealed record Enrolled(string Email, byte[] Secret, IReadOnlyList<string> RecoveryCodes, SessionClient Client, string UserId);
}
