using System.Net;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Accounts;

/// <summary>Address verification, sign-up with verification required, resend and address change, over a real SMTP server.</summary>
public sealed class EmailVerificationTests : EmailTestBase
{
    private static readonly Dictionary<string, string?> Required = new() { ["AuthKit:Email:RequireVerified"] = "true" };

    [Fact]
    public async Task SignUp_MailsAVerificationLink_AndTheSessionSaysWhenTheAddressIsVerified()
    {
        var email = TestSmtp.NewAddress();
        var client = Client();
        var signUp = await client.PostAsync("/api/auth/signup", new { email, password = Password });
        signUp.StatusCode.Should().Be(HttpStatusCode.Created);
        (await JsonAsync(signUp)).GetProperty("emailVerified").GetBoolean().Should().BeFalse();

        var mail = (await Smtp.WaitForAsync(email)).Single();
        mail.Link.GetLeftPart(UriPartial.Path).Should().Be(PublicOrigin + "/verify-email");
        (await client.PostAsync("/api/auth/email/verify", new { token = mail.Token })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("emailVerified").GetBoolean().Should().BeTrue();
        var again = await client.PostAsync("/api/auth/email/verify", new { token = mail.Token });
        again.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(again)).Should().Be("token_invalid");
    }

    [Fact]
    public async Task Verify_AnotherUsersToken_WhileSignedIn_IsRefused_AndConsumesNothing()
    {
        var alice = TestSmtp.NewAddress("alice");
        await Client().PostAsync("/api/auth/signup", new { email = alice, password = Password });
        var token = (await Smtp.WaitForAsync(alice)).Single().Token;
        var bob = await SignedInAsync(TestSmtp.NewAddress("bob"));

        var refused = await bob.PostAsync("/api/auth/email/verify", new { token });

        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(refused)).Should().Be("token_invalid");
        (await Client().PostAsync("/api/auth/email/verify", new { token })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Verify_ExpiredLink_IsRefused()
    {
        var email = TestSmtp.NewAddress();
        await Client().PostAsync("/api/auth/signup", new { email, password = Password });
        var token = (await Smtp.WaitForAsync(email)).Single().Token;
        App.Time.Advance(TimeSpan.FromHours(24) + TimeSpan.FromSeconds(1));

        var response = await Client().PostAsync("/api/auth/email/verify", new { token });

        (await ErrorCodeAsync(response)).Should().Be("token_invalid");
    }

    [Fact]
    public async Task RequiredVerification_SignUp_AnswersTheSameForNewAndTakenAddresses_AndTheLinkCompletesIt()
    {
        var app = Track(EmailApp(Required));
        var taken = TestSmtp.NewAddress("taken");
        (await Client(app).PostAsync("/test/users", new { email = taken, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        var fresh = TestSmtp.NewAddress("fresh");

        var answers = new List<(HttpStatusCode Status, string Body, bool Cookie)>();
        foreach (var email in new[] { fresh, taken })
        {
            var response = await Client(app).PostAsync("/api/auth/signup", new { email, password = Password });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Contains("Set-Cookie")));
        }

        answers[0].Should().Be(answers[1]);
        answers[0].Status.Should().Be(HttpStatusCode.Accepted);
        answers[0].Cookie.Should().BeFalse();

        // The owner of the taken address is told; the new address gets the link that creates the account.
        var notice = (await Smtp.WaitForAsync(taken)).Single();
        notice.Subject.Should().Contain("tried to sign up");
        notice.HasLink.Should().BeFalse();
        var link = (await Smtp.WaitForAsync(fresh)).Single();
        (await Client(app).PostAsync("/api/auth/login", new { email = fresh, password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "no account exists before the link is used");

        var browser = Client(app);
        var completed = await browser.PostAsync("/api/auth/email/verify", new { token = link.Token });
        completed.StatusCode.Should().Be(HttpStatusCode.OK);
        browser.Cookie.Should().NotBeNull("completing the sign-up signs in");
        (await JsonAsync(await browser.GetAsync("/api/auth/session"))).GetProperty("emailVerified").GetBoolean().Should().BeTrue();
        (await Client(app).PostAsync("/api/auth/login", new { email = fresh, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client(app).PostAsync("/api/auth/email/verify", new { token = link.Token })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task RequiredVerification_SignUp_WeakPassword_IsStillRefusedAtOnce()
    {
        var app = Track(EmailApp(Required));

        var response = await Client(app).PostAsync("/api/auth/signup", new { email = TestSmtp.NewAddress(), password = "password" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("password_common");
    }

    [Fact]
    public async Task RequiredVerification_SignIn_UnverifiedAccount_IsRefusedOnlyAfterTheRightPassword()
    {
        var app = Track(EmailApp(Required));
        var email = TestSmtp.NewAddress();
        (await Client(app).PostAsync("/test/users", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);

        var wrong = await Client(app).PostAsync("/api/auth/login", new { email, password = "not the password" });
        var unknown = await Client(app).PostAsync("/api/auth/login", new { email = TestSmtp.NewAddress(), password = "not the password" });
        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await wrong.Content.ReadAsStringAsync()).Should().Be(await unknown.Content.ReadAsStringAsync());

        var right = await Client(app).PostAsync("/api/auth/login", new { email, password = Password });
        right.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(right)).Should().Be("email_unverified");
        right.Headers.Contains("Set-Cookie").Should().BeFalse();

        // Verified through a resent link, the same sign-in succeeds.
        (await Client(app).PostAsync("/api/auth/email/resend", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var token = (await Smtp.WaitForAsync(email)).Single().Token;
        (await Client(app).PostAsync("/api/auth/email/verify", new { token })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await Client(app).PostAsync("/api/auth/login", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Resend_AnswersTheSameForEveryAddress_AndMailsOnlyAnUnverifiedAccount()
    {
        var unverified = TestSmtp.NewAddress("unverified");
        var verified = TestSmtp.NewAddress("verified");
        var unknown = TestSmtp.NewAddress("unknown");
        await Client().PostAsync("/test/users", new { email = unverified, password = Password });
        await Client().PostAsync("/api/auth/signup", new { email = verified, password = Password });
        (await Client().PostAsync("/api/auth/email/verify", new { token = (await Smtp.WaitForAsync(verified)).Single().Token })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var email in new[] { unverified, verified, unknown })
        {
            var response = await Client().PostAsync("/api/auth/email/resend", new { email });
            answers.Add((response.StatusCode, await response.Content.ReadAsStringAsync()));
        }

        answers.Should().AllBeEquivalentTo(answers[0]);
        answers[0].Item1.Should().Be(HttpStatusCode.Accepted);
        await DrainMailAsync();
        (await Smtp.MessagesToAsync(unverified)).Should().ContainSingle();
        (await Smtp.MessagesToAsync(verified)).Should().ContainSingle("only the first verification link, nothing resent");
        (await Smtp.MessagesToAsync(unknown)).Should().BeEmpty();
    }

    [Fact]
    public async Task Resend_IsThrottledPerAddress_WithTheSameAnswer()
    {
        var email = TestSmtp.NewAddress();
        await Client().PostAsync("/test/users", new { email, password = Password });

        for (var i = 0; i < 7; i++)
        {
            (await Client().PostAsync("/api/auth/email/resend", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        }

        await DrainMailAsync();
        (await Smtp.MessagesToAsync(email)).Should().HaveCount(5, "AuthKit:Email:MailsPerAddress is 5 per hour");

        App.Time.Advance(TimeSpan.FromHours(1));
        (await Client().PostAsync("/api/auth/email/resend", new { email })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        await Smtp.WaitForAsync(email, 6);
    }

    [Fact]
    public async Task ChangeAddress_FromAFreshSession_MovesTheAccountOnlyWhenTheNewAddressConfirms()
    {
        var old = TestSmtp.NewAddress("old");
        var next = TestSmtp.NewAddress("new");
        var client = await SignedInAsync(old);

        (await client.PostAsync("/api/auth/email/change", new { newEmail = next })).StatusCode.Should().Be(HttpStatusCode.Accepted);

        var notice = (await Smtp.WaitForAsync(old)).Single();
        notice.Text.Should().Contain(next);
        notice.HasLink.Should().BeFalse();
        var confirm = (await Smtp.WaitForAsync(next)).Single();

        // Not yet: the old address still signs in, the new one does not.
        (await Client().PostAsync("/api/auth/login", new { email = old, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/auth/login", new { email = next, password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

        (await Client().PostAsync("/api/auth/email/verify", new { token = confirm.Token })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await Client().PostAsync("/api/auth/login", new { email = next, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().PostAsync("/api/auth/login", new { email = old, password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await JsonAsync(await client.GetAsync("/api/auth/session"))).GetProperty("emailVerified").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task ChangeAddress_FromAStaleSession_NeedsReauthentication()
    {
        var client = await SignedInAsync(TestSmtp.NewAddress());
        App.Time.Advance(TimeSpan.FromMinutes(11));

        var stale = await client.PostAsync("/api/auth/email/change", new { newEmail = TestSmtp.NewAddress() });
        stale.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ErrorCodeAsync(stale)).Should().Be("reauthentication_required");

        var wrong = await client.PostAsync("/api/auth/reauthenticate", new { password = "not the password" });
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(wrong)).Should().Be("password_incorrect");
        (await client.PostAsync("/api/auth/email/change", new { newEmail = TestSmtp.NewAddress() })).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        var before = client.Cookie;
        (await client.PostAsync("/api/auth/reauthenticate", new { password = Password })).StatusCode.Should().Be(HttpStatusCode.NoContent);
        client.Cookie.Should().NotBe(before, "re-authentication starts a new session");
        (await client.PostAsync("/api/auth/email/change", new { newEmail = TestSmtp.NewAddress() })).StatusCode.Should().Be(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task ChangeAddress_Anonymous_Is401()
        => (await Client().PostAsync("/api/auth/email/change", new { newEmail = TestSmtp.NewAddress() })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);

    [Fact]
    public async Task ChangeAddress_ToATakenAddress_TellsItsOwner_AndTheRequesterLearnsNothing()
    {
        var taken = TestSmtp.NewAddress("taken");
        await Client().PostAsync("/test/users", new { email = taken, password = Password });
        var client = await SignedInAsync(TestSmtp.NewAddress("mover"));

        var response = await client.PostAsync("/api/auth/email/change", new { newEmail = taken });
        var free = await (await SignedInAsync(TestSmtp.NewAddress("other"))).PostAsync("/api/auth/email/change", new { newEmail = TestSmtp.NewAddress("free") });

        response.StatusCode.Should().Be(HttpStatusCode.Accepted);
        (await response.Content.ReadAsStringAsync()).Should().Be(await free.Content.ReadAsStringAsync());
        var notice = (await Smtp.WaitForAsync(taken)).Single();
        notice.HasLink.Should().BeFalse();
        notice.Subject.Should().Contain("another");
    }

    [Fact]
    public async Task ChangeAddress_ConfirmedAfterAnotherAccountTookTheAddress_IsRefused()
    {
        var target = TestSmtp.NewAddress("target");
        var client = await SignedInAsync(TestSmtp.NewAddress("mover"));
        (await client.PostAsync("/api/auth/email/change", new { newEmail = target })).StatusCode.Should().Be(HttpStatusCode.Accepted);
        var confirm = (await Smtp.WaitForAsync(target)).Single();
        (await Client().PostAsync("/test/users", new { email = target, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);

        var response = await Client().PostAsync("/api/auth/email/verify", new { token = confirm.Token });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ErrorCodeAsync(response)).Should().Be("email_taken");
    }
}
