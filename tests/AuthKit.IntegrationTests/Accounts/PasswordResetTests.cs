using System.Net;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Accounts;

/// <summary>Forgot password and reset, end to end over HTTP and a real SMTP server, and the attacks on reset links.</summary>
public sealed class PasswordResetTests : EmailTestBase
{
    [Theory]
    [InlineData("Stateless")]
    [InlineData("Database")]
    public async Task Reset_ThroughTheMailedLink_SetsTheNewPassword_AndEndsEverySessionOfTheUser(string kind)
    {
        var app = Track(EmailApp(sessionMode: kind));
        var email = TestSmtp.NewAddress();
        var laptop = await SignedInAsync(email, app);
        var phone = Client(app);
        await phone.SignInAsync(email, Password);

        var anonymous = Client(app);
        (await anonymous.PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var mail = (await Smtp.WaitForAsync(email)).Single();
        mail.Subject.Should().Contain("Reset");
        mail.Link.GetLeftPart(UriPartial.Path).Should().Be(PublicOrigin + "/reset-password");
        mail.Html.Should().Contain(mail.Link.AbsoluteUri.Replace("&", "&amp;", StringComparison.Ordinal));

        var reset = await anonymous.PostAsync("/api/auth/password/reset", new { token = mail.Token, newPassword = NewPassword });
        reset.StatusCode.Should().Be(HttpStatusCode.NoContent);

        // Signed in elsewhere: those sessions ended.
        (await laptop.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await phone.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        // The new password signs in; the old one does not.
        (await Client(app).PostAsync("/api/auth/login", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client(app).PostAsync("/api/auth/login", new { email, password = NewPassword })).StatusCode.Should().Be(HttpStatusCode.OK);

        // And the owner is told.
        var notice = (await Smtp.WaitForAsync(email, 2))[1];
        notice.Subject.Should().Contain("password was changed");
        notice.HasLink.Should().BeFalse();
    }

    [Fact]
    public async Task Forgot_UnknownKnownAndThrottledAddresses_GetTheSameAnswer_AndOnlyTheKnownOneGetsMail()
    {
        var app = Track(EmailApp(new Dictionary<string, string?> { ["AuthKit:Email:MailsPerAddress"] = "1" }));
        var known = TestSmtp.NewAddress("known");
        var unknown = TestSmtp.NewAddress("unknown");
        await Client(app).PostAsync("/test/users", new { email = known, password = Password });
        var client = Client(app);

        var answers = new List<(HttpStatusCode, string, string?)>();
        foreach (var email in new[] { known, unknown, known /* throttled now */ })
        {
            var response = await client.PostAsync("/api/auth/password/forgot", new { email });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.CacheControl?.ToString()));
            response.Headers.Contains("Set-Cookie").Should().BeFalse();
        }

        answers.Should().AllBeEquivalentTo(answers[0]);
        answers[0].Item1.Should().Be(HttpStatusCode.Accepted);
        await DrainMailAsync(app);
        (await Smtp.MessagesToAsync(known)).Should().ContainSingle("the throttled request sent nothing");
        (await Smtp.MessagesToAsync(unknown)).Should().BeEmpty();
    }

    [Fact]
    public async Task Forgot_MalformedAddress_IsRefusedClearly()
    {
        var response = await Client().PostAsync("/api/auth/password/forgot", new { email = "not an address" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("email_invalid");
    }

    [Fact]
    public async Task Reset_UsedTwice_IsRefusedTheSecondTime()
    {
        var (email, token) = await ResetTokenAsync();
        (await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var again = await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = "yet another passphrase" });

        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(again)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/login", new { email, password = NewPassword })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reset_ExpiredLink_IsRefused()
    {
        var (email, token) = await ResetTokenAsync();
        App.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));

        var response = await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/login", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    [InlineData("extend")]
    [InlineData("padding")]
    [InlineData("empty")]
    public async Task Reset_TamperedToken_IsRefused_AndTheRealOneStillWorks(string tampering)
    {
        var (_, token) = await ResetTokenAsync();
        var tampered = tampering switch
        {
            "flip" => (token[0] == 'A' ? "B" : "A") + token[1..],
            "truncate" => token[..^1],
            "extend" => token + "A",
            "padding" => token + "=",
            _ => string.Empty,
        };

        var response = await Client().PostAsync("/api/auth/password/reset", new { token = tampered, newPassword = NewPassword });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Reset_WithAVerificationToken_IsRefused_AndThatTokenStillVerifies()
    {
        var email = TestSmtp.NewAddress();
        var client = Client();
        (await client.PostAsync("/api/auth/signup", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.Created);
        var verification = (await Smtp.WaitForAsync(email)).Single();

        var reset = await Client().PostAsync("/api/auth/password/reset", new { token = verification.Token, newPassword = NewPassword });

        reset.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(reset)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/email/verify", new { token = verification.Token })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Client().PostAsync("/api/auth/login", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Verify_WithAResetToken_IsRefused_AndThatTokenStillResets()
    {
        var (_, token) = await ResetTokenAsync();

        var verify = await Client().PostAsync("/api/auth/email/verify", new { token });

        verify.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(verify)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Reset_TokenOfUserA_ChangesOnlyA_AndLeavesBSignedIn()
    {
        var bob = TestSmtp.NewAddress("bob");
        var bobClient = await SignedInAsync(bob);
        var (alice, token) = await ResetTokenAsync();

        // Bob, signed in, uses Alice's link: it resets Alice's password, never Bob's, and Bob stays signed in.
        (await bobClient.PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Client().PostAsync("/api/auth/login", new { email = alice, password = NewPassword })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/auth/login", new { email = bob, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/auth/login", new { email = bob, password = NewPassword })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await bobClient.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reset_EndsTheOtherOutstandingResetLinks()
    {
        var email = TestSmtp.NewAddress();
        await Client().PostAsync("/test/users", new { email, password = Password });
        await Client().PostAsync("/api/auth/password/forgot", new { email });
        await Client().PostAsync("/api/auth/password/forgot", new { email });
        var links = await Smtp.WaitForAsync(email, 2);

        (await Client().PostAsync("/api/auth/password/reset", new { token = links[1].Token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        var older = await Client().PostAsync("/api/auth/password/reset", new { token = links[0].Token, newPassword = "an attacker's passphrase" });

        older.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Client().PostAsync("/api/auth/login", new { email, password = NewPassword })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Reset_WeakNewPassword_IsRefusedWithThePolicyCode_AndTheLinkStillWorks()
    {
        var (_, token) = await ResetTokenAsync();

        var weak = await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = "password" });

        weak.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(weak)).Should().Be("password_common");
        (await Client().PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("Host", "evil.example")]
    [InlineData("X-Forwarded-Host", "evil.example")]
    public async Task Forgot_WithAForgedHost_StillLinksToTheConfiguredOrigin(string header, string value)
    {
        var email = TestSmtp.NewAddress();
        await Client().PostAsync("/test/users", new { email, password = Password });

        // An attacker's own request (not a browser's): its Origin matches the forged host, so the origin check passes.
        var attacker = Client();
        attacker.Origin = header == "Host" ? "https://" + value : "https://localhost";
        (await attacker.PostAsync("/api/auth/password/forgot", new { email }, new Dictionary<string, string> { [header] = value }))
            .StatusCode.Should().Be(HttpStatusCode.Accepted);

        var mail = (await Smtp.WaitForAsync(email)).Single();
        mail.Link.GetLeftPart(UriPartial.Authority).Should().Be(PublicOrigin);
        mail.Text.Should().NotContain("evil.example");
        mail.Html.Should().NotContain("evil.example");
    }

    [Fact]
    public async Task OpeningTheLink_ConsumesNothing_AndTheLandingPageLeaksNoToken()
    {
        var (_, token) = await ResetTokenAsync();
        var client = Client();

        // What a mail scanner or a link preview does: GET the link, GET the API with the token.
        var page = await client.GetAsync("/reset-password?token=" + token);
        page.StatusCode.Should().Be(HttpStatusCode.OK);
        page.Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");
        page.Headers.CacheControl!.NoStore.Should().BeTrue();
        (await client.GetAsync("/api/auth/password/reset?token=" + token)).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await client.GetAsync("/verify-email?token=" + token)).Headers.GetValues("Referrer-Policy").Should().Equal("no-referrer");

        (await client.PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Reset_CrossSite_IsRefusedBeforeTheTokenIsUsed()
    {
        var (_, token) = await ResetTokenAsync();
        var client = Client();
        client.Origin = "https://evil.example";

        (await client.PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        client.Origin = "https://localhost";
        (await client.PostAsync("/api/auth/password/reset", new { token, newPassword = NewPassword })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private async Task<(string Email, string Token)> ResetTokenAsync()
    {
        var email = TestSmtp.NewAddress();
        (await Client().PostAsync("/test/users", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/auth/password/forgot", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        return (email, (await Smtp.WaitForAsync(email)).Single().Token);
    }
}
