namespace AuthKit.Credentials.Throttling;

/// <summary>Consecutive failures recorded under one key.</summary>
/// <param name="Failures">The number of consecutive failures.</param>
/// <param name="LastFailure">When the last failure happened, or <see langword="null"/> when there was none.</param>
public readonly record struct ThrottleCounter(int Failures, DateTimeOffset? LastFailure)
{
    /// <summary>Gets the empty counter.</summary>
    public static ThrottleCounter None => default;
}
