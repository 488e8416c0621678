namespace AuthKit;

/// <summary>
/// Sign-in throttling (ASVS 6.3.1): attempts that fail slow further attempts with exponential back-off, counted per
/// account from each client, per client across accounts, and per account across clients.
/// </summary>
/// <remarks>
/// <para>
/// After <see cref="AccountFreeFailures"/> failed attempts on one account from one client (or
/// <see cref="ClientFreeFailures"/> from one client on any accounts, or <see cref="AccountTotalFreeFailures"/> on one
/// account from all clients), the next attempt is refused until <see cref="BaseDelay"/> × 2^(failures − free) has
/// passed since the last one, capped at <see cref="MaxDelay"/>. Attempts are counted before the password is checked,
/// so concurrent guesses cannot slip past a limit together.
/// </para>
/// <para>
/// An attacker's failures slow the attacker's client, not the owner's: a client that signed in to the account within
/// <see cref="KnownClientWindow"/> is not held to the account-wide limit, and a success resets only the counter of its
/// own client. A client is an IP address (an IPv6 client owns a whole /<see cref="Ipv6PrefixLength"/>). Counters are
/// forgotten <see cref="FailureWindow"/> after their last attempt.
/// </para>
/// </remarks>
public sealed class ThrottlingOptions
{
    /// <summary>Gets or sets a value indicating whether throttling is on.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets the failed attempts allowed on one account from one client before back-off starts.</summary>
    /// <value>The default is 5.</value>
    public int AccountFreeFailures { get; set; } = 5;

    /// <summary>Gets or sets the failed attempts allowed from one client (IP address), on any accounts, before back-off starts.</summary>
    /// <value>The default is 20: several people may share one address.</value>
    public int ClientFreeFailures { get; set; } = 20;

    /// <summary>
    /// Gets or sets the failed attempts allowed on one account from all clients together before back-off starts for
    /// clients that have not signed in to it within <see cref="KnownClientWindow"/> (guessing from many addresses).
    /// </summary>
    /// <value>The default is 50: with the back-off, a distributed attack gets a few guesses an hour (NIST SP 800-63B-4 allows at most 100 consecutive failures).</value>
    public int AccountTotalFreeFailures { get; set; } = 50;

    /// <summary>Gets or sets how long a client that signed in to an account stays exempt from that account's all-clients limit.</summary>
    /// <value>The default is 30 days.</value>
    public TimeSpan KnownClientWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Gets or sets how many leading bits of an IPv6 address name one client, for throttling and for the endpoints' rate
    /// limit. A home or a server gets a whole /64 and can rotate through it, so counting addresses would count nothing.
    /// </summary>
    /// <value>The default is 64. Between 32 and 128 (128 counts each address alone).</value>
    public int Ipv6PrefixLength { get; set; } = 64;

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
