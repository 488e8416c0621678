using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials.Throttling;

/// <summary>
/// Applies <see cref="ThrottlingOptions"/> to sign-in attempts, with three counters per attempt:
/// <list type="bullet">
/// <item>the account from this client (<see cref="ThrottlingOptions.AccountFreeFailures"/>): what slows one attacker on one
/// account, and what a success resets;</item>
/// <item>the client across accounts (<see cref="ThrottlingOptions.ClientFreeFailures"/>): credential stuffing from one address;</item>
/// <item>the account across clients (<see cref="ThrottlingOptions.AccountTotalFreeFailures"/>): guessing from many addresses.
/// It is not checked for a client that signed in to the account recently, so an attacker cannot lock its owner out.</item>
/// </list>
/// An attempt is counted on every counter before its password is hashed, each with an atomic compare-and-replace, so
/// concurrent attempts cannot all pass one check. A success gives back what it counted (and resets its own account
/// counter); a failure keeps it; a refused attempt counts nowhere.
/// </summary>
internal sealed class LoginThrottler
{
    // How often one attempt retries a counter that others keep changing before it gives up and is refused.
    private const int MaxRaces = 16;

    private readonly IThrottleStore _store;
    private readonly IOptionsMonitor<AuthKitOptions> _options;
    private readonly TimeProvider _time;

    public LoginThrottler(IThrottleStore store, IOptionsMonitor<AuthKitOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>
    /// Counts an attempt to sign in to <paramref name="normalizedEmail"/> from <paramref name="clientKey"/>, or refuses it
    /// (<see cref="ThrottleAttempt.RetryAfter"/> set, nothing counted). Report the outcome of a counted attempt with
    /// <see cref="SucceededAsync"/>, or <see cref="CancelAsync"/> when its password was not checked after all.
    /// </summary>
    public async ValueTask<ThrottleAttempt> BeginAsync(string normalizedEmail, string? clientKey, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue.Throttling;
        if (!options.Enabled)
        {
            return ThrottleAttempt.Unthrottled;
        }

        var now = _time.GetUtcNow();
        var known = clientKey is not null
            && (await _store.GetAsync(KnownClientKey(normalizedEmail, clientKey), cancellationToken).ConfigureAwait(false)).LastAt is not null;
        Gate[] gates = clientKey is null
            ?
            [
                new(AccountClientKey(normalizedEmail, null), options.AccountFreeFailures),
                new(AccountKey(normalizedEmail), options.AccountTotalFreeFailures),
            ]
            :
            [
                new(AccountClientKey(normalizedEmail, clientKey), options.AccountFreeFailures),
                new(ClientKey(clientKey), options.ClientFreeFailures),
                new(AccountKey(normalizedEmail), known ? null : options.AccountTotalFreeFailures),
            ];
        return await BeginAsync(gates, normalizedEmail, clientKey, options, now, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Counts an attempt at a user's second factor on one counter per account, from all clients together
    /// (<see cref="TwoFactorOptions.FreeFailures"/> free, then the usual back-off), or refuses it. Whoever tries has the
    /// password already; a code is six digits. Report the outcome as for sign-in.
    /// </summary>
    public async ValueTask<ThrottleAttempt> BeginSecondFactorAsync(string userId, CancellationToken cancellationToken)
    {
        var all = _options.CurrentValue;
        if (!all.Throttling.Enabled)
        {
            return ThrottleAttempt.Unthrottled;
        }

        return await BeginAsync([new("2fa:" + Hash(userId), all.TwoFactor.FreeFailures)], null, null, all.Throttling, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<ThrottleAttempt> BeginAsync(Gate[] gates, string? normalizedEmail, string? clientKey, ThrottlingOptions options, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Look first: an attempt refused by any counter is counted by none.
        var counters = new ThrottleCounter[gates.Length];
        TimeSpan? wait = null;
        for (var i = 0; i < gates.Length; i++)
        {
            counters[i] = await _store.GetAsync(gates[i].Key, cancellationToken).ConfigureAwait(false);
            wait = Max(wait, Remaining(counters[i], gates[i].FreeFailures, options, now));
        }

        if (wait is not null)
        {
            return ThrottleAttempt.Throttled(wait.Value);
        }

        // Then count, counter by counter. One that moved since it was read is read and checked again, so concurrent
        // attempts never pass a limit together.
        var expiresAt = now + Expiry(options);
        for (var i = 0; i < gates.Length; i++)
        {
            var current = counters[i];
            for (var race = 0; !await _store.TryReplaceAsync(gates[i].Key, current, new ThrottleCounter(current.Count + 1, now), expiresAt, cancellationToken).ConfigureAwait(false); race++)
            {
                current = await _store.GetAsync(gates[i].Key, cancellationToken).ConfigureAwait(false);
                var late = race == MaxRaces ? options.BaseDelay : Remaining(current, gates[i].FreeFailures, options, now);
                if (late is not null)
                {
                    await ReleaseAsync(gates.AsMemory(0, i), options, cancellationToken).ConfigureAwait(false);
                    return ThrottleAttempt.Throttled(late.Value);
                }
            }
        }

        return new ThrottleAttempt(null, gates, normalizedEmail, clientKey);
    }

    /// <summary>The attempt's password was right: its account counter starts again, the others get back its count, and the client is remembered as the account's.</summary>
    public async ValueTask SucceededAsync(ThrottleAttempt attempt, CancellationToken cancellationToken)
    {
        if (attempt.Gates.Length == 0)
        {
            return;
        }

        var options = _options.CurrentValue.Throttling;
        await _store.ResetAsync(attempt.Gates[0].Key, cancellationToken).ConfigureAwait(false);
        await ReleaseAsync(attempt.Gates.AsMemory(1), options, cancellationToken).ConfigureAwait(false);
        if (attempt.ClientKey is not null)
        {
            var key = KnownClientKey(attempt.NormalizedEmail!, attempt.ClientKey);
            var now = _time.GetUtcNow();
            var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);

            // One try: if it raced, another success of the same client just wrote the same thing.
            await _store.TryReplaceAsync(key, current, new ThrottleCounter(1, now), now + options.KnownClientWindow, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The attempt's password was not checked (the hashing queue was full, a store failed): it counts nowhere.</summary>
    public ValueTask CancelAsync(ThrottleAttempt attempt, CancellationToken cancellationToken)
        => attempt.Gates.Length == 0 ? ValueTask.CompletedTask : ReleaseAsync(attempt.Gates, _options.CurrentValue.Throttling, cancellationToken);

    /// <summary>
    /// How long after <paramref name="count"/> counted attempts the next must wait: nothing while fewer than
    /// <paramref name="freeFailures"/>, then <see cref="ThrottlingOptions.BaseDelay"/>, doubling with each further one,
    /// capped at <see cref="ThrottlingOptions.MaxDelay"/>.
    /// </summary>
    internal static TimeSpan Delay(int count, int freeFailures, ThrottlingOptions options)
    {
        var extra = count - freeFailures;
        if (extra < 0)
        {
            return TimeSpan.Zero;
        }

        // 2^extra doublings, computed in a way that cannot overflow before the cap applies.
        var ticks = options.BaseDelay.Ticks * Math.Pow(2, Math.Min(extra, 40));
        return ticks >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)ticks);
    }

    private async ValueTask ReleaseAsync(ReadOnlyMemory<Gate> gates, ThrottlingOptions options, CancellationToken cancellationToken)
    {
        foreach (var gate in gates.ToArray())
        {
            for (var race = 0; race < MaxRaces; race++)
            {
                var current = await _store.GetAsync(gate.Key, cancellationToken).ConfigureAwait(false);
                if (current.Count <= 0 || current.LastAt is not { } last)
                {
                    break;
                }

                if (await _store.TryReplaceAsync(gate.Key, current, current with { Count = current.Count - 1 }, last + Expiry(options), cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
    }

    private static TimeSpan? Remaining(ThrottleCounter counter, int? freeFailures, ThrottlingOptions options, DateTimeOffset now)
    {
        if (freeFailures is not { } free || counter.LastAt is not { } last)
        {
            return null;
        }

        var until = last + Delay(counter.Count, free, options);
        return until > now ? until - now : null;
    }

    private static TimeSpan Expiry(ThrottlingOptions options) => options.FailureWindow > options.MaxDelay ? options.FailureWindow : options.MaxDelay;

    private static TimeSpan? Max(TimeSpan? a, TimeSpan? b) => (a, b) switch
    {
        (null, _) => b,
        (_, null) => a,
        _ => a > b ? a : b,
    };

    // Keys are hashed so the throttle store (possibly a shared Redis) holds no email or client addresses.
    internal static string AccountClientKey(string normalizedEmail, string? clientKey) => "acct:" + Hash(normalizedEmail + "\n" + (clientKey ?? "-"));

    internal static string AccountKey(string normalizedEmail) => "acct-all:" + Hash(normalizedEmail);

    internal static string ClientKey(string clientKey) => "client:" + Hash(clientKey);

    internal static string KnownClientKey(string normalizedEmail, string clientKey) => "known:" + Hash(normalizedEmail + "\n" + clientKey);

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>A counter an attempt passes through, and the attempts it allows before back-off (null: counted, not checked).</summary>
    internal readonly record struct Gate(string Key, int? FreeFailures);
}

/// <summary>A sign-in attempt as throttling counted it: refused with a wait, or counted on its gates until its outcome is known.</summary>
internal sealed class ThrottleAttempt
{
    public static readonly ThrottleAttempt Unthrottled = new(null, [], null, null);

    public ThrottleAttempt(TimeSpan? retryAfter, LoginThrottler.Gate[] gates, string? normalizedEmail, string? clientKey)
    {
        RetryAfter = retryAfter;
        Gates = gates;
        NormalizedEmail = normalizedEmail;
        ClientKey = clientKey;
    }

    /// <summary>Gets how long to wait when the attempt was refused; <see langword="null"/> when it was counted.</summary>
    public TimeSpan? RetryAfter { get; }

    public LoginThrottler.Gate[] Gates { get; }

    public string? NormalizedEmail { get; }

    public string? ClientKey { get; }

    public static ThrottleAttempt Throttled(TimeSpan retryAfter) => new(retryAfter, [], null, null);
}
