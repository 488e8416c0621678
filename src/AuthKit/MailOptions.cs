namespace AuthKit;

/// <summary>The background mail queue (used by the email features: verification, password reset, address change).</summary>
public sealed class MailOptions
{
    /// <summary>Gets or sets how many pieces of mail work may wait; past it new work is refused and reported (logged, counted), never silently dropped.</summary>
    /// <value>The default is 1,000. Between 1 and 1,000,000.</value>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Gets or sets how many times one message is tried before it is given up (logged as an error, counted).</summary>
    /// <value>The default is 10, which with the default delays keeps trying for about 30 minutes.</value>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Gets or sets the wait after the first failed attempt; it doubles with each further failure.</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets the longest wait between two attempts.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);
}
