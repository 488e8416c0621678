namespace AuthKit.Credentials.Throttling;

/// <summary>
/// Where sign-in throttling keeps its counters. The in-memory store serves one process; a shared store (SQLite on one
/// machine, Redis for many instances) makes the limits hold across restarts and instances. Keys are opaque: AuthKit
/// hashes account and client identifiers, so a store never holds an email or IP address.
/// </summary>
/// <remarks>
/// The store offers one atomic step, a compare-and-replace, and AuthKit builds its counting on it: an attempt is counted
/// before its password is hashed, so concurrent guesses cannot all pass one check (hardening against throttle races).
/// Implementations must be thread-safe and must throw rather than answer wrongly when they cannot reach their data.
/// </remarks>
public interface IThrottleStore
{
    /// <summary>Reads a counter.</summary>
    /// <param name="key">The counter key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counter, or <see cref="ThrottleCounter.None"/> when there is none or it has expired.</returns>
    ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Atomically replaces the counter under <paramref name="key"/> with <paramref name="next"/>, only if it still equals
    /// <paramref name="expected"/> (<see cref="ThrottleCounter.None"/>: no counter, or an expired one). Instants compare at
    /// millisecond precision, the precision a store keeps.
    /// </summary>
    /// <param name="key">The counter key.</param>
    /// <param name="expected">The counter as the caller last read it.</param>
    /// <param name="next">The new counter.</param>
    /// <param name="expiresAt">When the new counter may be forgotten (it reads as <see cref="ThrottleCounter.None"/> from then on).</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns><see langword="true"/> when the counter was replaced; <see langword="false"/> when it had changed.</returns>
    ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Removes a counter.</summary>
    /// <param name="key">The counter key.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>A task that completes when the counter is gone.</returns>
    ValueTask ResetAsync(string key, CancellationToken cancellationToken);
}
