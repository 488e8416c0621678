using System.Diagnostics;
using System.Net;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Accounts;

/// <summary>The mail queue against a real SMTP server that goes away and comes back, and start-up checks of the email features.</summary>
public sealed class MailDeliveryTests : EmailTestBase
{
    [Fact]
    public async Task SmtpOutage_ForgotPasswordStillAnswersAtOnce_AndTheMailGoesOutWhenTheServerIsBack()
    {
        await using var smtp = await Smtp4devServer.StartNewAsync();
        var app = Track(EmailApp(smtp: smtp));
        var email = TestSmtp.NewAddress();
        (await Client(app).PostAsync("/test/users", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        await smtp.StopAsync();

        var watch = Stopwatch.StartNew();
        var response = await Client(app).PostAsync("/api/auth/password/forgot", new { email });
        watch.Stop();
        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(2), "the answer never waits for SMTP");

        // The first attempt fails (connection refused) and the worker waits for its retry on the app's clock.
        await WaitUntilAsync(() => app.Logs.Lines.Any(l => l.EventId.Id == 6003), "the first delivery attempt to fail");
        await smtp.StartAsync();
        for (var i = 0; i < 50 && (await smtp.MessagesToAsync(email)).Count == 0; i++)
        {
            app.Time.Advance(TimeSpan.FromSeconds(10));
            await Task.Delay(200);
        }

        var mail = (await smtp.WaitForAsync(email)).Single();
        (await Client(app).PostAsync("/api/auth/password/reset", new { token = mail.Token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        app.Logs.Lines.Should().NotContain(l => l.Message.Contains(mail.Token, StringComparison.Ordinal), "no token is ever logged");
    }

    [Fact]
    public async Task FullQueue_IsReported_AndTheAnswerDoesNotChange()
    {
        await using var smtp = await Smtp4devServer.StartNewAsync();
        var app = Track(EmailApp(new Dictionary<string, string?> { ["AuthKit:Mail:QueueCapacity"] = "1" }, smtp: smtp));
        await smtp.StopAsync();
        var client = Client(app);
        var emails = Enumerable.Range(0, 4).Select(i => TestSmtp.NewAddress("q" + i)).ToList();
        foreach (var email in emails)
        {
            await client.PostAsync("/test/users", new { email, password = Password });
        }

        foreach (var email in emails)
        {
            (await client.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        app.Logs.Lines.Should().Contain(l => l.EventId.Id == 6001 && l.Message.Contains("mail queue is full", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("AuthKit:PublicOrigin", null, "AuthKit:PublicOrigin is not set")]
    [InlineData("AuthKit:PublicOrigin", "https://app.example.test/path", "AuthKit:PublicOrigin is \"https://app.example.test/path\"")]
    [InlineData("AuthKit:Smtp:Host", null, "AuthKit:Smtp:Host is not set")]
    [InlineData("AuthKit:Smtp:From", "not an address", "AuthKit:Smtp:From is \"not an address\"")]
    [InlineData("AuthKit:Email:VerifyPath", "verify", "AuthKit:Email:VerifyPath is \"verify\"")]
    public async Task StartUp_MisconfiguredEmail_FailsWithAClearMessage(string key, string? value, string expected)
    {
        await InitializeAsync();
        var settings = new Dictionary<string, string?> { [key] = value };

        var failure = AuthKitAppFactory.StartUpFailure(() => EmailApp(settings));

        failure.ToString().Should().Contain(expected);
    }

    [Fact]
    public void StartUp_HttpPublicOriginOutsideDevelopment_IsRefused()
    {
        var settings = new Dictionary<string, string?>(Smtp4devSettings()) { ["AuthKit:PublicOrigin"] = "http://app.example.test" };

        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", settings, environment: "Production"));

        failure.ToString().Should().Contain("mailed links must use https outside Development");
    }

    private static Dictionary<string, string?> Smtp4devSettings() => new()
    {
        ["Email:Enabled"] = "true",
        ["AuthKit:Smtp:Host"] = "127.0.0.1",
        ["AuthKit:Smtp:Port"] = "2525",
        ["AuthKit:Smtp:Security"] = "None",
        ["AuthKit:Smtp:From"] = "no-reply@authkit.test",
    };

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 200; i++)
        {
            if (condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new Xunit.Sdk.XunitException($"Timed out waiting for {what}.");
    }
}
