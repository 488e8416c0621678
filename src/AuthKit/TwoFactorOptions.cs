namespace AuthKit;

/// <summary>The second factor (<c>AddTwoFactor()</c>): TOTP with recovery codes.</summary>
public sealed class TwoFactorOptions
{
    /// <summary>Gets or sets the issuer authenticator apps show beside the account.</summary>
    /// <value>The default is <see langword="null"/>: <see cref="EmailOptions.ApplicationName"/>, else the host's application name.</value>
    public string? Issuer { get; set; }

    /// <summary>Gets or sets how long the second step may follow a right password.</summary>
    /// <value>The default is 5 minutes. Between 1 and 15 minutes.</value>
    public TimeSpan PendingLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long an enrolment may wait between the QR code and its first code.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan SetupLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how many recovery codes are issued at a time.</summary>
    /// <value>The default is 10. Between 5 and 20.</value>
    public int RecoveryCodeCount { get; set; } = 10;

    /// <summary>Gets or sets how many wrong codes one account may get (from all clients together) before back-off (<see cref="ThrottlingOptions.BaseDelay"/>, doubling).</summary>
    /// <value>The default is 5.</value>
    public int FreeFailures { get; set; } = 5;

    /// <summary>
    /// Gets or sets how long "trust this device" lets a browser skip the second factor. Zero turns the option off. Trust
    /// ends early when the password is reset or the second factor is disabled.
    /// </summary>
    /// <value>The default is zero (off). At most 90 days.</value>
    public TimeSpan TrustDeviceFor { get; set; } = TimeSpan.Zero;
}
