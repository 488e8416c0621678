using System.Globalization;
using AuthKit.Credentials;
using AuthKit.Mail;
using AuthKit.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Accounts;

/// <summary>
/// The background halves of the email flows: each looks at the accounts (in its own DI scope, after the request has
/// answered), issues a token when there is someone to send it to, and writes the messages. Whether an account exists
/// changes what is sent, never what the request answered or how long it took.
/// </summary>
internal static class MailWorks
{
    /// <summary>Forgot password: a reset link to an existing account; nothing for an unknown address.</summary>
    public static MailWork ResetPassword(string normalizedEmail, CultureInfo culture) => new("password-reset", async (services, ct) =>
    {
        var user = await services.GetRequiredService<IUserStore>().FindByEmailAsync(normalizedEmail, ct).ConfigureAwait(false);
        if (user is null)
        {
            return [];
        }

        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email;
        var (token, expiresAt) = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(OneTimeTokenPurposes.ResetPassword, user.Id, user.Email, options.ResetLifetime, null, ct).ConfigureAwait(false);
        return [services.GetRequiredService<AccountMail>().WithLink(EmailKind.ResetPassword, user.Email, culture, options.ResetPasswordPath, token, expiresAt)];
    });

    /// <summary>Resend: a verification link to an existing, unverified account; nothing otherwise.</summary>
    public static MailWork Resend(string normalizedEmail, CultureInfo culture) => new("email-verification", async (services, ct) =>
    {
        var user = await services.GetRequiredService<IUserStore>().FindByEmailAsync(normalizedEmail, ct).ConfigureAwait(false);
        if (user is null || await services.GetRequiredService<IUserEmailStore>().GetEmailVerifiedAsync(user, ct).ConfigureAwait(false))
        {
            return [];
        }

        return [await VerifyLinkAsync(services, user.Id, user.Email, culture, ct).ConfigureAwait(false)];
    });

    /// <summary>After a sign-up (verification on, not required): a verification link to the new account.</summary>
    public static MailWork VerifyNewAccount(string userId, string email, CultureInfo culture) => new("email-verification", async (services, ct) =>
        [await VerifyLinkAsync(services, userId, email, culture, ct).ConfigureAwait(false)]);

    /// <summary>
    /// A sign-up that must verify its address: a link that creates the account for a new address (the password hash waits
    /// in the token); a notice to the owner of a taken one.
    /// </summary>
    public static MailWork SignUp(string normalizedEmail, string passwordHash, CultureInfo culture) => new("sign-up", async (services, ct) =>
    {
        var mail = services.GetRequiredService<AccountMail>();
        var user = await services.GetRequiredService<IUserStore>().FindByEmailAsync(normalizedEmail, ct).ConfigureAwait(false);
        if (user is not null)
        {
            return [mail.Notice(EmailKind.SignUpAttempted, user.Email, culture)];
        }

        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email;
        var (token, expiresAt) = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(OneTimeTokenPurposes.CompleteSignUp, null, normalizedEmail, options.VerificationLifetime, passwordHash, ct).ConfigureAwait(false);
        return [mail.WithLink(EmailKind.CompleteSignUp, normalizedEmail, culture, options.VerifyPath, token, expiresAt)];
    });

    /// <summary>
    /// Address change: a notice to the current address, and to the new one a confirmation link, or (when another account
    /// has it) a notice that nothing changed. The requester learns neither.
    /// </summary>
    public static MailWork ChangeAddress(string userId, string currentEmail, string newEmail, CultureInfo culture) => new("email-change", async (services, ct) =>
    {
        var mail = services.GetRequiredService<AccountMail>();
        var notice = mail.Notice(EmailKind.AddressChangeRequested, currentEmail, culture, newEmail);
        if (await services.GetRequiredService<IUserStore>().FindByEmailAsync(newEmail, ct).ConfigureAwait(false) is not null)
        {
            return [notice, mail.Notice(EmailKind.AddressInUse, newEmail, culture)];
        }

        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email;
        var (token, expiresAt) = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(OneTimeTokenPurposes.ChangeEmail, userId, newEmail, options.VerificationLifetime, null, ct).ConfigureAwait(false);
        return [notice, mail.WithLink(EmailKind.ConfirmAddressChange, newEmail, culture, options.VerifyPath, token, expiresAt, newEmail)];
    });

    /// <summary>A notice to the account's address (password changed or reset).</summary>
    public static MailWork Notice(string name, EmailKind kind, string email, CultureInfo culture) => new(name, (services, _) =>
        Task.FromResult<IReadOnlyList<EmailMessage>>([services.GetRequiredService<AccountMail>().Notice(kind, email, culture)]));

    private static async Task<EmailMessage> VerifyLinkAsync(IServiceProvider services, string userId, string email, CultureInfo culture, CancellationToken ct)
    {
        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email;
        var (token, expiresAt) = await services.GetRequiredService<OneTimeTokens>()
            .IssueAsync(OneTimeTokenPurposes.VerifyEmail, userId, email, options.VerificationLifetime, null, ct).ConfigureAwait(false);
        return services.GetRequiredService<AccountMail>().WithLink(EmailKind.VerifyAddress, email, culture, options.VerifyPath, token, expiresAt);
    }
}
