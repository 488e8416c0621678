namespace AuthKit.Credentials.Throttling;

/// <summary>
/// Where sign-in failure counters live. The in-memory store serves one process; a shared store (Redis)
/// makes the limits hold across instances. Keys are opaque (AuthKit hashes account identifiers).
/// </summary>
public interface IThrottleStore
{
    /// <summary>Reads a counter.</summary>
    /// <param name="key">The counter key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counter, or <see cref="ThrottleCounter.None"/> when there is none (or it expired).</returns>
    ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Atomically adds one failure at <paramref name="now"/> and keeps the counter for <paramref name="expiry"/>.</summary>
    /// <param name="key">The counter key.</param>
    /// <param name="now">The time of the failure.</param>
    /// <param name="expiry">How long the counter lives after this failure.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>The counter after the increment.</returns>
    ValueTask<ThrottleCounter> RecordFailureAsync(string key, DateTimeOffset now, TimeSpan expiry, CancellationToken cancellationToken);

    /// <summary>Removes a counter.</summary>
    /// <param name="key">The counter key.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the counter is gone.</returns>
    ValueTask ResetAsync(string key, CancellationToken cancellationToken);
}
