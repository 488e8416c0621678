namespace AuthKit;

/// <summary>
/// Sign-in throttling (ASVS 6.3.1): consecutive failures per account and per client slow further
/// attempts with exponential back-off.
/// </summary>
/// <remarks>
/// After more than <see cref="AccountFreeFailures"/> (or <see cref="ClientFreeFailures"/>) consecutive
/// failures, the next attempt is refused until <see cref="BaseDelay"/> × 2^(extra failures − 1) has passed
/// since the last failure, capped at <see cref="MaxDelay"/>. A success resets the account's counter; the
/// client's counter is left alone, so signing in to one's own account cannot clear guessing against others.
/// Counters are forgotten <see cref="FailureWindow"/> after the last failure.
/// </remarks>
public sealed class ThrottlingOptions
{
    /// <summary>Gets or sets a value indicating whether throttling is on.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the consecutive failures allowed for one account before back-off starts.</summary>
    /// <value>The default is 5.</value>
    public int AccountFreeFailures { get; set; } = 5;

    /// <summary>Gets or sets the consecutive failures allowed for one client (IP address) before back-off starts.</summary>
    /// <value>The default is 20: several people may share one address.</value>
    public int ClientFreeFailures { get; set; } = 20;

    /// <summary>Gets or sets the first back-off delay.</summary>
    /// <value>The default is 1 second.</value>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest back-off delay.</summary>
    /// <value>The default is 15 minutes.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how long failures are remembered after the last one.</summary>
    /// <value>The default is 1 hour.</value>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromHours(1);
}
