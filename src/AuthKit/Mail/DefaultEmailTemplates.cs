using System.Globalization;
using System.Text.Encodings.Web;

namespace AuthKit.Mail;

/// <summary>
/// AuthKit's default messages: short, plain English, one link where there is one, and a line saying what to do when the
/// reader did not ask for it. Override <see cref="Render"/> or one kind's method to change the wording.
/// </summary>
public class DefaultEmailTemplates : IEmailTemplates
{
    /// <inheritdoc />
    public virtual EmailContent Render(EmailTemplateModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.Kind switch
        {
            EmailKind.VerifyAddress => VerifyAddress(model),
            EmailKind.CompleteSignUp => CompleteSignUp(model),
            EmailKind.SignUpAttempted => SignUpAttempted(model),
            EmailKind.ResetPassword => ResetPassword(model),
            EmailKind.PasswordChanged => PasswordChanged(model),
            EmailKind.ConfirmAddressChange => ConfirmAddressChange(model),
            EmailKind.AddressChangeRequested => AddressChangeRequested(model),
            EmailKind.AddressInUse => AddressInUse(model),
            EmailKind.TwoFactorEnabled => TwoFactorEnabled(model),
            EmailKind.TwoFactorDisabled => TwoFactorDisabled(model),
            EmailKind.RecoveryCodeUsed => RecoveryCodeUsed(model),
            EmailKind.SecondFactorFailed => SecondFactorFailed(model),
            EmailKind.PasskeyAdded => PasskeyAdded(model),
            EmailKind.PasskeyRemoved => PasskeyRemoved(model),
            _ => throw new ArgumentOutOfRangeException(nameof(model), model.Kind, "Unknown message kind."),
        };
    }

    /// <summary>Writes <see cref="EmailKind.VerifyAddress"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent VerifyAddress(EmailTemplateModel model) => Write(
        model,
        $"Confirm your email address for {model.ApplicationName}",
        $"Confirm that {model.To} is your address for {model.ApplicationName}:",
        "Confirm my address",
        "If you did not ask for this, ignore this message.");

    /// <summary>Writes <see cref="EmailKind.CompleteSignUp"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent CompleteSignUp(EmailTemplateModel model) => Write(
        model,
        $"Finish signing up for {model.ApplicationName}",
        $"Confirm your address to create your {model.ApplicationName} account:",
        "Create my account",
        "If you did not sign up, ignore this message: no account is created.");

    /// <summary>Writes <see cref="EmailKind.SignUpAttempted"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent SignUpAttempted(EmailTemplateModel model) => Write(
        model,
        $"Someone tried to sign up for {model.ApplicationName} with your address",
        $"Someone tried to create a {model.ApplicationName} account with {model.To}, which already has one. If it was you, sign in instead (or reset your password if you forgot it).",
        null,
        "If it was not you, you need not do anything: your account did not change.");

    /// <summary>Writes <see cref="EmailKind.ResetPassword"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent ResetPassword(EmailTemplateModel model) => Write(
        model,
        $"Reset your {model.ApplicationName} password",
        $"Someone asked to reset the password of the {model.ApplicationName} account for {model.To}. Choose a new password here:",
        "Choose a new password",
        "If you did not ask for this, ignore this message: your password stays as it is.");

    /// <summary>Writes <see cref="EmailKind.PasswordChanged"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent PasswordChanged(EmailTemplateModel model) => Write(
        model,
        $"Your {model.ApplicationName} password was changed",
        $"The password of your {model.ApplicationName} account ({model.To}) was just changed, and you were signed out everywhere else.",
        null,
        "If you did not do this, reset your password now and check your account.");

    /// <summary>Writes <see cref="EmailKind.ConfirmAddressChange"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent ConfirmAddressChange(EmailTemplateModel model) => Write(
        model,
        $"Confirm your new email address for {model.ApplicationName}",
        $"Confirm that your {model.ApplicationName} account should use {model.To} from now on:",
        "Use this address",
        "If you did not ask for this, ignore this message: nothing changes.");

    /// <summary>Writes <see cref="EmailKind.AddressChangeRequested"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent AddressChangeRequested(EmailTemplateModel model) => Write(
        model,
        $"Your {model.ApplicationName} address is about to change",
        $"Someone signed in to your {model.ApplicationName} account asked to change its address from {model.To} to {model.NewAddress}. The change happens only when the new address is confirmed.",
        null,
        "If it was not you, change your password now: someone else may be signed in.");

    /// <summary>Writes <see cref="EmailKind.AddressInUse"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent AddressInUse(EmailTemplateModel model) => Write(
        model,
        $"Someone tried to use your address on another {model.ApplicationName} account",
        $"Someone asked to move another {model.ApplicationName} account to {model.To}, which already belongs to your account. Nothing changed.",
        null,
        "You need not do anything.");

    /// <summary>Writes <see cref="EmailKind.TwoFactorEnabled"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent TwoFactorEnabled(EmailTemplateModel model) => Write(
        model,
        $"Two-step sign-in is on for your {model.ApplicationName} account",
        $"Signing in to your {model.ApplicationName} account ({model.To}) now needs a code from your authenticator app as well as your password. Keep your recovery codes somewhere safe.",
        null,
        "If you did not do this, reset your password now and check your account.");

    /// <summary>Writes <see cref="EmailKind.TwoFactorDisabled"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent TwoFactorDisabled(EmailTemplateModel model) => Write(
        model,
        $"Two-step sign-in was turned off for your {model.ApplicationName} account",
        $"Signing in to your {model.ApplicationName} account ({model.To}) needs only your password now.",
        null,
        "If you did not do this, reset your password now and turn two-step sign-in on again.");

    /// <summary>Writes <see cref="EmailKind.PasskeyAdded"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent PasskeyAdded(EmailTemplateModel model) => Write(
        model,
        $"A passkey was added to your {model.ApplicationName} account",
        $"A new passkey can now sign in to your {model.ApplicationName} account ({model.To}) without a password.",
        null,
        "If you did not do this, sign in, remove the passkey from your security settings and change your password.");

    /// <summary>Writes <see cref="EmailKind.PasskeyRemoved"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent PasskeyRemoved(EmailTemplateModel model) => Write(
        model,
        $"A passkey was removed from your {model.ApplicationName} account",
        $"One of the passkeys of your {model.ApplicationName} account ({model.To}) can no longer sign in.",
        null,
        "If you did not do this, reset your password now and check your account's security settings.");

    /// <summary>Writes <see cref="EmailKind.RecoveryCodeUsed"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent RecoveryCodeUsed(EmailTemplateModel model) => Write(
        model,
        $"A recovery code was used for your {model.ApplicationName} account",
        $"Someone signed in to your {model.ApplicationName} account ({model.To}) with one of its recovery codes. Each code works once; make new ones from your security page when few are left.",
        null,
        "If it was not you, reset your password now and make new recovery codes.");

    /// <summary>Writes <see cref="EmailKind.SecondFactorFailed"/>.</summary>
    /// <param name="model">The model.</param>
    /// <returns>The message.</returns>
    protected virtual EmailContent SecondFactorFailed(EmailTemplateModel model) => Write(
        model,
        $"A wrong sign-in code was entered for your {model.ApplicationName} account",
        $"Someone entered your {model.ApplicationName} password correctly and then a wrong two-step code ({model.To}).",
        null,
        "If it was not you, your password is known to someone else: change it now.");

    /// <summary>Writes a message of an introduction, an optional link button and a closing line, in text and HTML.</summary>
    /// <param name="model">The model (its link, if any, is placed after the introduction).</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="introduction">The first paragraph.</param>
    /// <param name="linkText">The text of the link's button, or <see langword="null"/> for a message without a link.</param>
    /// <param name="closing">The last paragraph.</param>
    /// <returns>The message.</returns>
    protected static EmailContent Write(EmailTemplateModel model, string subject, string introduction, string? linkText, string closing)
    {
        ArgumentNullException.ThrowIfNull(model);
        var html = HtmlEncoder.Default;
        var text = new System.Text.StringBuilder().Append(introduction).Append("\r\n\r\n");
        var body = new System.Text.StringBuilder()
            .Append("<!DOCTYPE html><html><body style=\"font-family:sans-serif;line-height:1.5\"><p>")
            .Append(html.Encode(introduction)).Append("</p>");
        if (linkText is not null && model.Link is { } link)
        {
            var url = link.AbsoluteUri;
            text.Append(url).Append("\r\n\r\n");
            body.Append("<p><a href=\"").Append(html.Encode(url)).Append("\">").Append(html.Encode(linkText)).Append("</a></p>");
            if (model.LinkExpiresAt is { } expires)
            {
                var until = "This link works once, until " + expires.ToString("u", CultureInfo.InvariantCulture) + ".";
                text.Append(until).Append("\r\n\r\n");
                body.Append("<p>").Append(html.Encode(until)).Append("</p>");
            }
        }

        text.Append(closing).Append("\r\n");
        body.Append("<p>").Append(html.Encode(closing)).Append("</p></body></html>");
        return new EmailContent(subject, text.ToString(), body.ToString());
    }
}
