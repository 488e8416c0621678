using Microsoft.Extensions.Logging;

namespace AuthKit.Diagnostics;

/// <summary>
/// The warnings an attacker can raise on every request of a flood (throttled sign-ins, a full hashing queue).
/// Each is written at most once per <see cref="Interval"/>; the next line says how many were held back in
/// between. The log stays readable and cheap under attack, and no occurrence goes uncounted. The lines keep the
/// categories of the services that raise them (sign-in: <c>CredentialVerifier</c>, sign-up: <c>AccountRegistrar</c>).
/// </summary>
internal sealed partial class FloodWarnings(TimeProvider time, ILoggerFactory loggers)
{
    /// <summary>The shortest time between two lines of one warning.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly ILogger _signIn = loggers.CreateLogger("AuthKit.Credentials.CredentialVerifier");
    private readonly ILogger _signUp = loggers.CreateLogger("AuthKit.Credentials.AccountRegistrar");
    private readonly LogSampler _signInThrottled = new(time, Interval);
    private readonly LogSampler _signInOverloaded = new(time, Interval);
    private readonly LogSampler _signUpOverloaded = new(time, Interval);

    /// <summary>A sign-in was throttled (1003).</summary>
    public void SignInThrottled(TimeSpan retryAfter)
    {
        if (_signInThrottled.TryEnter(out var held))
        {
            Log.SignInThrottled(_signIn, retryAfter, held);
        }
    }

    /// <summary>A sign-in was refused because the hashing queue is full (1004).</summary>
    public void SignInOverloaded()
    {
        if (_signInOverloaded.TryEnter(out var held))
        {
            Log.SignInOverloaded(_signIn, held);
        }
    }

    /// <summary>A sign-up was refused because the hashing queue is full (1103).</summary>
    public void SignUpOverloaded()
    {
        if (_signUpOverloaded.TryEnter(out var held))
        {
            Log.SignUpOverloaded(_signUp, held);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Sign-in throttled; retry after {RetryAfter} ({HeldBack} more throttled sign-ins not logged since the last line).")]
        public static partial void SignInThrottled(ILogger logger, TimeSpan retryAfter, long heldBack);

        [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "Sign-in refused: the password hashing queue is full ({HeldBack} more refusals not logged since the last line).")]
        public static partial void SignInOverloaded(ILogger logger, long heldBack);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Sign-up refused: the password hashing queue is full ({HeldBack} more refusals not logged since the last line).")]
        public static partial void SignUpOverloaded(ILogger logger, long heldBack);
    }
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
