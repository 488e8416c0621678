using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Accounts;

/// <summary>
/// Email-flow tests: the test app with verification and password reset on, mailing through the shared smtp4dev server
/// (a real SMTP server over TCP), links on a configured public origin.
/// </summary>
public abstract class EmailTestBase : AppTestBase, IAsyncLifetime
{
    public const string PublicOrigin = "https://app.example.test";
    public const string Password = "correct horse battery staple";
    public const string NewPassword = "a brand new passphrase";

    protected Smtp4devServer Smtp { get; private set; } = null!;

    public virtual async Task InitializeAsync() => Smtp = await TestSmtp.ServerAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    protected virtual string SessionMode => "Stateless";

    protected override AuthKitAppFactory CreateApp() => EmailApp();

    /// <summary>An app wired to <see cref="Smtp"/>, with further settings.</summary>
    protected AuthKitAppFactory EmailApp(IDictionary<string, string?>? settings = null, string? sessionMode = null, Smtp4devServer? smtp = null)
    {
        var all = new Dictionary<string, string?>((smtp ?? Smtp).AppSettings)
        {
            ["AuthKit:PublicOrigin"] = PublicOrigin,
            ["AuthKit:RateLimit:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        return new AuthKitAppFactory(sessionMode ?? SessionMode, all);
    }

    /// <summary>Creates an account through the test app (no mail) and returns a client signed in to it.</summary>
    protected async Task<SessionClient> SignedInAsync(string email, AuthKitAppFactory? app = null)
    {
        var client = Client(app);
        await client.SignUpAndInAsync(email, Password);
        return client;
    }

    protected static async Task<string> ErrorCodeAsync(HttpResponseMessage response)
    {
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("code").GetString()!;
    }

    protected static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>())!;

    /// <summary>
    /// Waits until the app's mail worker has done everything queued before now: it does work in order, so once a mail
    /// queued after it has arrived, earlier work is done (and whatever it did not send will never come).
    /// </summary>
    protected async Task DrainMailAsync(AuthKitAppFactory? app = null)
    {
        var client = Client(app);
        var marker = TestSmtp.NewAddress("marker");
        (await client.PostAsync("/test/users", new { email = marker, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.PostAsync("/api/auth/email/resend", new { email = marker })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Smtp.WaitForAsync(marker);
    }
}
