namespace AuthKit.Credentials.Throttling;

/// <summary>Attempts counted under one throttle key: those that failed and those still being checked.</summary>
/// <param name="Count">The number of attempts counted.</param>
/// <param name="LastAt">When the last one was counted, or <see langword="null"/> when there is no counter.</param>
public readonly record struct ThrottleCounter(int Count, DateTimeOffset? LastAt)
{
    /// <summary>Gets the absent counter: no key, or one past its expiry.</summary>
    public static ThrottleCounter None => default;
}
