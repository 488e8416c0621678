namespace AuthKit.Diagnostics;

/// <summary>
/// The warnings an attacker can raise on every request of a flood (throttled sign-ins, a full hashing queue).
/// Each is written at most once per <see cref="Interval"/>; the next line says how many were held back in
/// between. The log stays readable and cheap under attack, and no occurrence goes uncounted.
/// </summary>
internal sealed class FloodWarnings(TimeProvider time)
{
    /// <summary>The shortest time between two lines of one warning.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    /// <summary>Gets the sampler of "sign-in throttled" (1003).</summary>
    public LogSampler SignInThrottled { get; } = new(time, Interval);

    /// <summary>Gets the sampler of "sign-in refused: the hashing queue is full" (1004).</summary>
    public LogSampler SignInOverloaded { get; } = new(time, Interval);

    /// <summary>Gets the sampler of "sign-up refused: the hashing queue is full" (1103).</summary>
    public LogSampler SignUpOverloaded { get; } = new(time, Interval);
}

/// <summary>Lets one warning through at most once per interval and counts the ones it holds back. Thread-safe, allocation-free.</summary>
internal sealed class LogSampler
{
    private readonly TimeProvider _time;
    private readonly long _interval;
    private long _next = long.MinValue;
    private long _held;

    public LogSampler(TimeProvider time, TimeSpan interval)
    {
        _time = time;
        _interval = (long)(interval.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Returns whether to write the warning now; if so, <paramref name="held"/> is how many were held back since the last one.</summary>
    public bool TryEnter(out long held)
    {
        held = 0;
        var now = _time.GetTimestamp();
        var next = Volatile.Read(ref _next);
        if (now < next || Interlocked.CompareExchange(ref _next, now + _interval, next) != next)
        {
            Interlocked.Increment(ref _held);
            return false;
        }

        held = Interlocked.Exchange(ref _held, 0);
        return true;
    }
}
