namespace AuthKit;

/// <summary>External sign-in (<c>AddExternalLogins()</c>): how a provider's answer becomes a local account and session.</summary>
public sealed class ExternalLoginOptions
{
    /// <summary>
    /// Gets the providers (scheme names) trusted to assert email addresses: an unknown subject whose provider says its
    /// address is verified, and whose address is a local account's <b>verified</b> address, is linked to that account
    /// automatically. From any other provider, or to an unverified local address, the user must sign in to the local
    /// account first and link from there. Empty by default: no automatic linking.
    /// </summary>
    public IList<string> TrustedForEmail { get; } = [];

    /// <summary>
    /// Gets the providers (scheme names) whose sign-in counts as a second factor when their answer has <c>amr</c>
    /// containing <c>mfa</c>: such a sign-in skips AuthKit's second step. Empty by default: a user with a second factor
    /// always passes AuthKit's second step after an external sign-in.
    /// </summary>
    public IList<string> TrustedForMfa { get; } = [];

    /// <summary>
    /// Gets or sets whether a new subject without a matching local account creates one (without a password; the address
    /// is verified only when the provider says so). Default <see langword="true"/>.
    /// </summary>
    public bool AllowSignUp { get; set; } = true;

    /// <summary>
    /// Gets or sets the page a failed external sign-in returns to, with <c>?error=code</c>
    /// (<c>external_failed</c>, <c>link_required</c>, <c>email_required</c>, <c>email_unverified</c>, <c>signup_disabled</c>,
    /// <c>login_taken</c>).
    /// Defaults to the route policies' login path, else <c>/login</c>.
    /// </summary>
    public string? ErrorPath { get; set; }

    /// <summary>Gets or sets the page the browser goes to when the second factor is due after an external sign-in. Default <c>/login/second-factor</c>.</summary>
    public string SecondFactorPath { get; set; } = "/login/second-factor";

    /// <summary>Gets or sets how long the provider's answer may wait (in its own cookie) for the callback. Default 5 minutes.</summary>
    public TimeSpan CallbackLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
