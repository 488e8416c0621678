using System.Globalization;
using AuthKit.Mail;
using AuthKit.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AuthKit.Tests.Mail;

public sealed class SmtpTests
{
    [Fact]
    public void Validator_ListsEveryProblemAtOnce()
    {
        var result = new SmtpOptionsValidator().Validate(null, new SmtpOptions { Port = 0, From = "not an address", UserName = "me", Timeout = TimeSpan.Zero });

        result.Failed.Should().BeTrue();
        result.FailureMessage.Should()
            .Contain("AuthKit:Smtp:Host is not set")
            .And.Contain("AuthKit:Smtp:Port is 0")
            .And.Contain("AuthKit:Smtp:From is \"not an address\"")
            .And.Contain("UserName and Password go together")
            .And.Contain("AuthKit:Smtp:Timeout");
    }

    [Theory]
    [InlineData("mail.example.com", false)]
    [InlineData("localhost", true)]
    [InlineData("127.0.0.1", true)]
    public void Validator_CredentialsWithoutTls_AreRefusedUnlessTheServerIsLocal(string host, bool valid)
    {
        var options = new SmtpOptions { Host = host, Security = SmtpSecurity.None, UserName = "me", Password = "secret", From = "no-reply@example.com" };

        var result = new SmtpOptionsValidator().Validate(null, options);

        result.Succeeded.Should().Be(valid);
        if (!valid)
        {
            result.FailureMessage.Should().Contain("in clear").And.NotContain("secret", "a password is never echoed");
        }
    }

    [Fact]
    public void Validator_TypicalSubmissionServer_IsValid()
        => new SmtpOptionsValidator().Validate(null, new SmtpOptions { Host = "smtp.example.com", UserName = "me", Password = "secret", From = "Example <no-reply@example.com>" })
            .Succeeded.Should().BeTrue();

    [Fact]
    public void Message_HasBothBodies_TheSender_AndTheLanguage()
    {
        var sender = new SmtpEmailSender(Options.Create(new SmtpOptions { Host = "smtp.example.com", From = "Example <no-reply@example.com>" }));

        using var mime = sender.Build(new EmailMessage("ann@example.com", "Reset", "text body", "<p>html body</p>", CultureInfo.GetCultureInfo("fr-FR")));

        mime.From.Mailboxes.Single().Address.Should().Be("no-reply@example.com");
        mime.To.Mailboxes.Single().Address.Should().Be("ann@example.com");
        mime.Subject.Should().Be("Reset");
        mime.TextBody.Should().Be("text body");
        mime.HtmlBody.Should().Be("<p>html body</p>");
        mime.Headers[HeaderId.ContentLanguage].Should().Be("fr-FR");
        mime.Headers["Auto-Submitted"].Should().Be("auto-generated");
    }
}
