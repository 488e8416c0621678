using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials.Hashing;

/// <summary>
/// Runs password hashing with bounded concurrency and a bounded wait queue
/// (<see cref="PasswordHashingOptions.MaxConcurrency"/>, <see cref="PasswordHashingOptions.QueueLimit"/>).
/// When the queue is full the call fails at once, so a login flood cannot pile up threads. With
/// <see cref="PasswordHashingOptions.LowPriority"/> the hashes run on dedicated threads below normal priority,
/// so signed-in users' requests are scheduled first when the machine is busy.
/// </summary>
internal sealed partial class PasswordHashingGate : IDisposable
{
    private readonly ConcurrencyLimiter _limiter;
    private readonly int _queueLimit;
    private readonly BlockingCollection<Action>? _work;

    public PasswordHashingGate(IOptions<AuthKitOptions> options, ILogger<PasswordHashingGate> logger)
    {
        var hashing = options.Value.Hashing;
        _queueLimit = hashing.QueueLimit;
        _limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = hashing.MaxConcurrency,
            QueueLimit = hashing.QueueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        if (hashing.LowPriority)
        {
            // One thread per permit: the limiter already bounds how many hashes are handed over at once.
            _work = new BlockingCollection<Action>(new ConcurrentQueue<Action>());
            for (var i = 0; i < hashing.MaxConcurrency; i++)
            {
                new Thread(() => Work(_work, logger)) { IsBackground = true, Name = "AuthKit password hashing" }.Start();
            }
        }
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

        if (_work is null)
        {
            // The caller is already on a thread-pool thread; hashing here avoids a second hop.
            return (true, work());
        }

        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception ex)
            {
                done.SetException(ex);
            }
        });
        return (true, await done.Task.ConfigureAwait(false));
    }

    /// <summary>
    /// Gets whether a hash asked for now would be refused: every slot busy and the queue full. The sign-in and
    /// sign-up endpoints then answer 503 before reading the request, the cheapest refusal under a flood.
    /// </summary>
    public bool IsSaturated => _limiter.GetStatistics() is { CurrentAvailablePermits: 0 } statistics && statistics.CurrentQueuedCount >= _queueLimit;

    internal long QueuedCount => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose()
    {
        _work?.CompleteAdding();
        _limiter.Dispose();
    }

    private static void Work(BlockingCollection<Action> work, ILogger logger)
    {
        LowerThisThreadsPriority(logger);
        foreach (var item in work.GetConsumingEnumerable())
        {
            item();
        }
    }

    private static void LowerThisThreadsPriority(ILogger logger)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                // .NET's Thread.Priority does nothing on Linux; there the nice value is per thread, and
                // setpriority(PRIO_PROCESS, 0, ...) sets the calling thread's. Raising it needs no privilege.
                if (SetPriority(0, 0, 10) != 0)
                {
                    Log.PriorityNotLowered(logger, $"setpriority failed with errno {Marshal.GetLastPInvokeError()}");
                }
            }
            else
            {
                Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
            }
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or PlatformNotSupportedException or ThreadStateException)
        {
            Log.PriorityNotLowered(logger, ex.GetType().Name);
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int priority);

    private static partial class Log
    {
        [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Password hashing runs at normal priority: the thread priority could not be lowered ({Reason}).")]
        public static partial void PriorityNotLowered(ILogger logger, string reason);
    }
}
