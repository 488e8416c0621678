namespace AuthKit;

/// <summary>
/// The email flows: address verification (<c>AddEmailVerification()</c>), password reset (<c>AddPasswordReset()</c>) and
/// address change. Links go to <see cref="AuthKitOptions.PublicOrigin"/> plus the paths below, with the token in the query.
/// </summary>
public sealed class EmailOptions
{
    /// <summary>Gets or sets the application's name as mail shows it.</summary>
    /// <value>The default is <see langword="null"/>: the host's application name.</value>
    public string? ApplicationName { get; set; }

    /// <summary>
    /// Gets or sets whether signing in needs a verified address. Then sign-up answers the same 202 for a new and a taken
    /// address and creates the account only when the mailed link is used, so sign-up no longer reveals accounts; and a
    /// sign-in with the right password to an unverified account is refused with <c>email_unverified</c>.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool RequireVerified { get; set; }

    /// <summary>Gets or sets the front-end page that verification links open (it POSTs the token to <c>…/email/verify</c>).</summary>
    /// <value>The default is <c>/verify-email</c>.</value>
    public string VerifyPath { get; set; } = "/verify-email";

    /// <summary>Gets or sets the front-end page that reset links open (it POSTs the token and new password to <c>…/password/reset</c>).</summary>
    /// <value>The default is <c>/reset-password</c>.</value>
    public string ResetPasswordPath { get; set; } = "/reset-password";

    /// <summary>Gets or sets how long verification, sign-up and address-change links work.</summary>
    /// <value>The default is 24 hours.</value>
    public TimeSpan VerificationLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Gets or sets how long password-reset links work.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan ResetLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets how many messages one address may be sent by requests anyone can make (reset, resend, sign-up) per <see cref="MailWindow"/>.</summary>
    /// <value>The default is 5. Past it such requests still answer 202, and no mail is sent.</value>
    public int MailsPerAddress { get; set; } = 5;

    /// <summary>Gets or sets how many such requests one client (IP address, IPv6 /64) may make per <see cref="MailWindow"/>.</summary>
    /// <value>The default is 20. Past it such requests still answer 202, and no mail is sent.</value>
    public int MailsPerClient { get; set; } = 20;

    /// <summary>Gets or sets the window of <see cref="MailsPerAddress"/> and <see cref="MailsPerClient"/>.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan MailWindow { get; set; } = TimeSpan.FromHours(1);
}
