using System.Diagnostics;
using System.Security.Cryptography;

namespace AuthKit.Credentials.Hashing;

/// <summary>
/// A hash made with the configured hasher and parameters from a random password nobody knows, verified in place of a
/// real one when an email is unknown; and the usual cost of one verification at the current parameters, which failed
/// verifications of cheaper (legacy) hashes are padded up to, so timing tells neither apart (ASVS 6.3.8).
/// </summary>
internal sealed class DummyPasswordHash
{
    private readonly Lazy<string> _value;
    private long _costTicks;

    public DummyPasswordHash(IPasswordHasher hasher)
    {
        _value = new Lazy<string>(
            () =>
            {
                var start = Stopwatch.GetTimestamp();
                var hash = hasher.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));

                // Making a hash costs what verifying it costs: the first estimate, refined by every verification after it.
                Record(Stopwatch.GetElapsedTime(start));
                return hash;
            },
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Value => _value.Value;

    /// <summary>
    /// Gets the time failed verifications are padded to: the running third quartile of verifications at the current
    /// parameters. Every failure takes at least this long, a cheaper legacy one exactly this long, so the median answer
    /// time is the same whatever the stored hash (a mean would leave a padded failure faster than most real ones).
    /// </summary>
    public TimeSpan ExpectedCost
    {
        get
        {
            _ = _value.Value;
            return TimeSpan.FromTicks(Volatile.Read(ref _costTicks));
        }
    }

    /// <summary>Adds the time of one verification at the current parameters to the running estimate.</summary>
    public void Record(TimeSpan elapsed)
    {
        // A streaming quantile: up three steps when a verification took longer, down one when it was quicker, which
        // settles where a quarter of them take longer (the 75th percentile). Steps of 1/32 of the estimate follow a
        // slower or busier machine within a few dozen sign-ins.
        long current, next;
        do
        {
            current = Volatile.Read(ref _costTicks);
            var step = Math.Max(1, current / 32);
            next = current == 0 ? elapsed.Ticks : elapsed.Ticks > current ? current + (3 * step) : Math.Max(1, current - step);
        }
        while (Interlocked.CompareExchange(ref _costTicks, next, current) != current);
    }
}
