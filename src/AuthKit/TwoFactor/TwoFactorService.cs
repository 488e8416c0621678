using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.TwoFactor;

/// <summary>
/// The second factor's rules over the app's <see cref="IUserTwoFactorStore"/>: enrolment, checking a code, recovery
/// codes, disabling, trusted devices. Every change is a compare-and-replace on the state's version, retried when
/// another request changed it first, so a TOTP code (its step) and a recovery code each work exactly once.
/// </summary>
internal sealed partial class TwoFactorService
{
    private const int MaxRaces = 16;

    private readonly IUserTwoFactorStore _store;
    private readonly TwoFactorSecrets _secrets;
    private readonly TimeProvider _time;
    private readonly TwoFactorOptions _options;
    private readonly ILogger<TwoFactorService> _logger;

    public TwoFactorService(IUserTwoFactorStore store, TwoFactorSecrets secrets, TimeProvider time, IOptions<AuthKitOptions> options, ILogger<TwoFactorService> logger)
    {
        _store = store;
        _secrets = secrets;
        _time = time;
        _options = options.Value.TwoFactor;
        _logger = logger;
    }

    public Task<TwoFactorState?> GetAsync(string userId, CancellationToken cancellationToken) => _store.GetTwoFactorAsync(userId, cancellationToken);

    /// <summary>A new secret for an enrolment: 160 bits from the CSPRNG.</summary>
    public static byte[] NewSecret() => RandomNumberGenerator.GetBytes(Totp.SecretBytes);

    /// <summary>
    /// Confirms an enrolment with its first code: the second factor is on, with fresh recovery codes (returned once).
    /// <see langword="null"/> codes: the code was wrong; <see cref="EnrolmentResult.AlreadyEnabled"/>: it is on already.
    /// </summary>
    public async Task<(EnrolmentResult Result, IReadOnlyList<string>? RecoveryCodes)> EnableAsync(string userId, byte[] secret, string? code, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (Totp.Match(secret, code, now) is not { } step)
        {
            return (EnrolmentResult.WrongCode, null);
        }

        var (codes, hashes) = RecoveryCodes.Generate(_options.RecoveryCodeCount);
        var state = new TwoFactorState(_secrets.Seal(userId, secret), step, hashes, now, now, 1);
        return await _store.TryReplaceTwoFactorAsync(userId, 0, state, cancellationToken).ConfigureAwait(false)
            ? (EnrolmentResult.Enabled, codes)
            : (EnrolmentResult.AlreadyEnabled, null);
    }

    /// <summary>Checks a TOTP code or a recovery code, and uses it up. Throttling is the caller's.</summary>
    public async Task<FactorCheck> VerifyAsync(string userId, string? code, string? recoveryCode, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            var state = await _store.GetTwoFactorAsync(userId, cancellationToken).ConfigureAwait(false);
            if (state is null)
            {
                return FactorCheck.NotEnrolled;
            }

            TwoFactorState next;
            FactorMethod method;
            if (!string.IsNullOrEmpty(code))
            {
                if (!_secrets.TryOpen(userId, state.SecretCiphertext, out var secret, out var olderKey))
                {
                    // The key that sealed it is gone from the ring (or the row was tampered with): the authenticator
                    // cannot be used any more; recovery codes still can.
                    Log.SecretUnreadable(_logger, userId);
                    return FactorCheck.Invalid;
                }

                var step = Totp.Match(secret, code, _time.GetUtcNow());
                var ciphertext = olderKey ? _secrets.Seal(userId, secret) : state.SecretCiphertext;
                CryptographicOperations.ZeroMemory(secret);

                // A code is accepted once: a step at or before the last accepted one is a replay.
                if (step is not { } matched || matched <= state.LastUsedStep)
                {
                    return FactorCheck.Invalid;
                }

                next = state with { LastUsedStep = matched, SecretCiphertext = ciphertext, Version = state.Version + 1 };
                method = FactorMethod.Totp;
            }
            else if (RecoveryCodes.Hash(recoveryCode) is { } hash && state.RecoveryCodeHashes.Contains(hash, StringComparer.Ordinal))
            {
                next = state with { RecoveryCodeHashes = [.. state.RecoveryCodeHashes.Where(h => h != hash)], Version = state.Version + 1 };
                method = FactorMethod.RecoveryCode;
            }
            else
            {
                return FactorCheck.Invalid;
            }

            if (await _store.TryReplaceTwoFactorAsync(userId, state.Version, next, cancellationToken).ConfigureAwait(false))
            {
                return new FactorCheck(FactorStatus.Succeeded, method, next.RecoveryCodeHashes.Count);
            }

            // Another request changed the state first (perhaps with this very code): read it again.
        }

        return FactorCheck.Invalid;
    }

    /// <summary>Replaces the recovery codes; the old ones stop working. <see langword="null"/> when the second factor is off.</summary>
    public Task<IReadOnlyList<string>?> RegenerateAsync(string userId, CancellationToken cancellationToken)
        => ChangeAsync(userId, state =>
        {
            var (codes, hashes) = RecoveryCodes.Generate(_options.RecoveryCodeCount);
            return (state with { RecoveryCodeHashes = hashes, Version = state.Version + 1 }, codes);
        }, cancellationToken);

    /// <summary>
    /// Withdraws the trust of every trusted device (password reset): devices trusted up to now, including this very
    /// millisecond, must use the second factor again. Nothing when the second factor is off.
    /// </summary>
    public Task RevokeTrustedDevicesAsync(string userId, CancellationToken cancellationToken)
        => ChangeAsync<object>(userId, state => (state with { TrustedDevicesNotBefore = _time.GetUtcNow() + TimeSpan.FromMilliseconds(1), Version = state.Version + 1 }, new object()), cancellationToken);

    /// <summary>Turns the second factor off. <see langword="false"/> when it was off already.</summary>
    public async Task<bool> DisableAsync(string userId, CancellationToken cancellationToken)
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            if (await _store.GetTwoFactorAsync(userId, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return false;
            }

            if (await _store.TryReplaceTwoFactorAsync(userId, state.Version, null, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        throw new InvalidOperationException("The second factor kept changing while it was being disabled; try again.");
    }

    /// <summary>Whether a device cookie still counts: the second factor is on, and trust was not withdrawn since the cookie was issued.</summary>
    public static bool Trusts(TwoFactorState state, TwoFactorCookies.Device device) => device.IssuedAt >= state.TrustedDevicesNotBefore && device.IssuedAt >= state.EnabledAt;

    private async Task<T?> ChangeAsync<T>(string userId, Func<TwoFactorState, (TwoFactorState Next, T Result)> change, CancellationToken cancellationToken)
        where T : class
    {
        for (var race = 0; race < MaxRaces; race++)
        {
            if (await _store.GetTwoFactorAsync(userId, cancellationToken).ConfigureAwait(false) is not { } state)
            {
                return null;
            }

            var (next, result) = change(state);
            if (await _store.TryReplaceTwoFactorAsync(userId, state.Version, next, cancellationToken).ConfigureAwait(false))
            {
                return result;
            }
        }

        throw new InvalidOperationException("The second factor kept changing; try again.");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 7001, Level = LogLevel.Error, Message = "The TOTP secret of user {UserId} does not open with the key ring (a key was removed, or the stored value changed): the authenticator cannot be used; recovery codes still can.")]
        public static partial void SecretUnreadable(ILogger logger, string userId);
    }
}

internal enum EnrolmentResult
{
    Enabled,
    WrongCode,
    AlreadyEnabled,
}

internal enum FactorStatus
{
    Succeeded,
    Invalid,
    NotEnrolled,
}

internal enum FactorMethod
{
    None,
    Totp,
    RecoveryCode,
}

/// <summary>The outcome of checking a second-factor code.</summary>
internal readonly record struct FactorCheck(FactorStatus Status, FactorMethod Method, int RecoveryCodesLeft)
{
    public static FactorCheck Invalid => new(FactorStatus.Invalid, FactorMethod.None, 0);

    public static FactorCheck NotEnrolled => new(FactorStatus.NotEnrolled, FactorMethod.None, 0);

    public bool Succeeded => Status == FactorStatus.Succeeded;
}
