using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials.Hashing;

/// <summary>
/// Runs password hashing with bounded concurrency and a bounded wait queue
/// (<see cref="PasswordHashingOptions.MaxConcurrency"/>, <see cref="PasswordHashingOptions.QueueLimit"/>).
/// When the queue is full the call fails at once, so a login flood cannot pile up threads.
/// </summary>
internal sealed class PasswordHashingGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;

    public PasswordHashingGate(IOptions<AuthKitOptions> options)
    {
        var hashing = options.Value.Hashing;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = hashing.MaxConcurrency,
            QueueLimit = hashing.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>Runs <paramref name="work"/> when a slot is free.</summary>
    /// <returns><see langword="false"/> (and no work done) when the queue was full.</returns>
    public async ValueTask<(bool Ran, T Result)> TryRunAsync<T>(Func<T> work, CancellationToken cancellationToken)
    {
        using var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            return (false, default!);
        }

        // The caller is already on a thread-pool thread; hashing here avoids a second hop.
        return (true, work());
    }

    internal long QueuedCount => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter.Dispose();
}
