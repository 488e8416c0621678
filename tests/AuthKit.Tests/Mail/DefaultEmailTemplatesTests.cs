using System.Globalization;
using AuthKit.Mail;

namespace AuthKit.Tests.Mail;

public sealed class DefaultEmailTemplatesTests
{
    private static readonly Uri Link = new("https://app.example.com/reset-password?token=abc_DEF-123");
    private static readonly DateTimeOffset Expires = new(2026, 11, 30, 13, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(EmailKind.VerifyAddress)]
    [InlineData(EmailKind.CompleteSignUp)]
    [InlineData(EmailKind.ResetPassword)]
    [InlineData(EmailKind.ConfirmAddressChange)]
    public void LinkKinds_CarryTheLinkAndItsExpiry_InTextAndHtml(EmailKind kind)
    {
        var content = new DefaultEmailTemplates().Render(Model(kind, Link));

        content.Subject.Should().Contain("Example");
        content.TextBody.Should().Contain(Link.AbsoluteUri).And.Contain("2026-11-30 13:00:00Z");
        content.HtmlBody.Should().Contain($"href=\"{Link.AbsoluteUri}\"");
    }

    [Theory]
    [InlineData(EmailKind.SignUpAttempted)]
    [InlineData(EmailKind.PasswordChanged)]
    [InlineData(EmailKind.AddressChangeRequested)]
    [InlineData(EmailKind.AddressInUse)]
    public void Notices_CarryNoLink_EvenWhenGivenOne(EmailKind kind)
    {
        var content = new DefaultEmailTemplates().Render(Model(kind, Link));

        content.TextBody.Should().NotContain("https://");
        content.HtmlBody.Should().NotContain("href");
    }

    [Fact]
    public void Html_EncodesWhatUsersTyped()
    {
        var model = Model(EmailKind.AddressChangeRequested, null) with { NewAddress = "\"<script>alert(1)</script>\"@example.com" };

        var content = new DefaultEmailTemplates().Render(model);

        content.HtmlBody.Should().NotContain("<script>").And.Contain("&lt;script&gt;");
        content.TextBody.Should().Contain("<script>", "plain text is shown as text");
    }

    [Fact]
    public void Subclass_ChangesOneKind_AndKeepsTheOthers()
    {
        var templates = new ShortReset();

        templates.Render(Model(EmailKind.ResetPassword, Link)).Subject.Should().Be("Reset");
        templates.Render(Model(EmailKind.VerifyAddress, Link)).Subject.Should().Contain("Confirm");
    }

    private static EmailTemplateModel Model(EmailKind kind, Uri? link)
        => new(kind, "ann@example.com", "Example", CultureInfo.InvariantCulture, link, link is null ? null : Expires, "new@example.com");

    private sealed class ShortReset : DefaultEmailTemplates
    {
        protected override EmailContent ResetPassword(EmailTemplateModel model) => new("Reset", model.Link!.AbsoluteUri, null);
    }
}
