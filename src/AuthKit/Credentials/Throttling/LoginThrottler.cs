using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials.Throttling;

/// <summary>
/// Applies <see cref="ThrottlingOptions"/> to sign-in attempts: checks both the account and the client
/// counters before a password is verified, records failures on both, resets the account on success.
/// </summary>
internal sealed class LoginThrottler
{
    private readonly IThrottleStore _store;
    private readonly IOptionsMonitor<AuthKitOptions> _options;
    private readonly TimeProvider _time;

    public LoginThrottler(IThrottleStore store, IOptionsMonitor<AuthKitOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>Returns how long the caller must wait, or <see langword="null"/> when the attempt may proceed.</summary>
    public async ValueTask<TimeSpan?> GetRetryAfterAsync(string normalizedEmail, string? clientKey, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue.Throttling;
        if (!options.Enabled)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var account = await _store.GetAsync(AccountKey(normalizedEmail), cancellationToken).ConfigureAwait(false);
        var wait = Remaining(account, options.AccountFreeFailures, options, now);
        if (clientKey is not null)
        {
            var client = await _store.GetAsync(ClientKey(clientKey), cancellationToken).ConfigureAwait(false);
            wait = Max(wait, Remaining(client, options.ClientFreeFailures, options, now));
        }

        return wait;
    }

    public async ValueTask RecordFailureAsync(string normalizedEmail, string? clientKey, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue.Throttling;
        if (!options.Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var expiry = options.FailureWindow > options.MaxDelay ? options.FailureWindow : options.MaxDelay;
        await _store.RecordFailureAsync(AccountKey(normalizedEmail), now, expiry, cancellationToken).ConfigureAwait(false);
        if (clientKey is not null)
        {
            await _store.RecordFailureAsync(ClientKey(clientKey), now, expiry, cancellationToken).ConfigureAwait(false);
        }
    }

    public ValueTask ResetAccountAsync(string normalizedEmail, CancellationToken cancellationToken)
        => _options.CurrentValue.Throttling.Enabled
            ? _store.ResetAsync(AccountKey(normalizedEmail), cancellationToken)
            : ValueTask.CompletedTask;

    internal static TimeSpan Delay(int failures, int freeFailures, ThrottlingOptions options)
    {
        var extra = failures - freeFailures;
        if (extra <= 0)
        {
            return TimeSpan.Zero;
        }

        // 2^(extra-1) doublings, computed in a way that cannot overflow before the cap applies.
        var doublings = Math.Min(extra - 1, 40);
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, doublings);
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan? Remaining(ThrottleCounter counter, int freeFailures, ThrottlingOptions options, DateTimeOffset now)
    {
        if (counter.LastFailure is not { } last)
        {
            return null;
        }

        var until = last + Delay(counter.Failures, freeFailures, options);
        return until > now ? until - now : null;
    }

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a > b ? a : b,
    };

    // Account keys are hashed so the throttle store (possibly a shared Redis) holds no email addresses.
    internal static string AccountKey(string normalizedEmail) => "acct:" + Hash(normalizedEmail);

    internal static string ClientKey(string clientKey) => "client:" + Hash(clientKey);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
