namespace AuthKit;

/// <summary>
/// Per-client rate limiting of AuthKit's endpoints (login, sign-up, password change), with ASP.NET Core's rate
/// limiter, partitioned by the connection's IP address (a forwarded address only when the app configures
/// ASP.NET Core's forwarded-headers middleware for a trusted proxy). It sits in front of the per-account
/// throttling, which slows guessing against one account from many addresses.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Gets or sets a value indicating whether the endpoints are rate limited.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets how many requests one address may make to the endpoints per <see cref="Window"/>.</summary>
    /// <value>The default is 30.</value>
    public int PermitLimit { get; set; } = 30;

    /// <summary>Gets or sets the sliding window.</summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
