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

    /// <summary>Gets the usual time of one verification at the current parameters (a running average).</summary>
    public TimeSpan ExpectedCost
    {
        get
        {
            _ = _value.Value;
            return TimeSpan.FromTicks(Volatile.Read(ref _costTicks));
        }
    }

    /// <summary>Adds the time of one verification at the current parameters to the running average.</summary>
    public void Record(TimeSpan elapsed)
    {
        // An exponentially weighted average (weight 1/8): follows a slower or busier machine within a few sign-ins.
        long current, next;
        do
        {
            current = Volatile.Read(ref _costTicks);
            next = current == 0 ? elapsed.Ticks : current + ((elapsed.Ticks - current) / 8);
        }
        while (Interlocked.CompareExchange(ref _costTicks, next, current) != current);
    }
}
