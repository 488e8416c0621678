using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using AuthKit.Credentials.Hashing;
using AuthKit.Credentials.Throttling;
using AuthKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials;

/// <summary>
/// The default <see cref="ICredentialVerifier"/>: normalise the email, count the attempt (throttling), look the user up,
/// verify the hash (a dummy one for unknown emails) in the bounded hashing pool, re-hash outdated hashes.
/// </summary>
internal sealed partial class CredentialVerifier : ICredentialVerifier
{
    private readonly IUserStore _users;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordHashingGate _gate;
    private readonly DummyPasswordHash _dummy;
    private readonly LoginThrottler _throttler;
    private readonly FloodWarnings _warnings;
    private readonly IOptionsMonitor<AuthKitOptions> _options;
    private readonly ILogger<CredentialVerifier> _logger;

    public CredentialVerifier(
        IUserStore users,
        IPasswordHasher hasher,
        PasswordHashingGate gate,
        DummyPasswordHash dummy,
        LoginThrottler throttler,
        FloodWarnings warnings,
        IOptionsMonitor<AuthKitOptions> options,
        ILogger<CredentialVerifier> logger)
    {
        _users = users;
        _hasher = hasher;
        _gate = gate;
        _dummy = dummy;
        _throttler = throttler;
        _warnings = warnings;
        _options = options;
        _logger = logger;
    }

    public async Task<CredentialResult> VerifyAsync(string? email, string? password, string? clientKey, CancellationToken cancellationToken)
    {
        // Tagged with the outcome only: the email, user id and client address stay out of traces.
        using var activity = AuthKitActivities.Source.StartActivity(AuthKitActivities.SignIn);
        try
        {
            var result = await VerifyCoreAsync(email, password, clientKey, cancellationToken).ConfigureAwait(false);
            activity?.SetTag("authkit.sign_in.result", result.Status.ToString());
            return result;
        }
        catch (Exception ex)
        {
            AuthKitActivities.Failed(activity, ex);
            throw;
        }
    }

    private async Task<CredentialResult> VerifyCoreAsync(string? email, string? password, string? clientKey, CancellationToken cancellationToken)
    {
        // Users sometimes type a password into the email field, so neither value is ever logged.
        if (!EmailAddress.TryNormalize(email, out var normalizedEmail) || !IsPlausiblePassword(password))
        {
            Log.SignInFailed(_logger);
            return CredentialResult.InvalidCredentials;
        }

        // Counted before the hash runs, so concurrent guesses cannot all pass the throttle together.
        var attempt = await _throttler.BeginAsync(normalizedEmail, clientKey, cancellationToken).ConfigureAwait(false);
        if (attempt.RetryAfter is { } wait)
        {
            _warnings.SignInThrottled(wait);
            return CredentialResult.Throttled(wait);
        }

        IAuthKitUser? user;
        PasswordVerificationResult verification;
        TimeSpan elapsed;
        try
        {
            user = await _users.FindByEmailAsync(normalizedEmail, cancellationToken).ConfigureAwait(false);

            // An unknown email still costs one verification at the current parameters, so timing does not
            // tell whether the account exists (ASVS 6.3.8).
            var storedHash = user?.PasswordHash ?? _dummy.Value;
            (var ran, (verification, elapsed)) = await _gate.TryRunAsync(
                () =>
                {
                    var start = Stopwatch.GetTimestamp();
                    var result = _hasher.VerifyHashedPassword(storedHash, password);
                    return (result, Stopwatch.GetElapsedTime(start));
                },
                cancellationToken).ConfigureAwait(false);
            if (!ran)
            {
                await _throttler.CancelAsync(attempt, cancellationToken).ConfigureAwait(false);
                _warnings.SignInOverloaded();
                return CredentialResult.Overloaded;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The password was never checked: the attempt counts nowhere. A store that fails here too fails the same way.
            await _throttler.CancelAsync(attempt, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (user is null || verification == PasswordVerificationResult.Failed)
        {
            // Already counted, before the hash. A cheaper stored hash (Identity V2 at 1,000 SHA-1 rounds, an older
            // iteration count, a malformed value) fails faster than a current one: wait out the difference, so the
            // answer's timing does not tell such an account from an unknown email.
            if (user is null)
            {
                _dummy.Record(elapsed);
            }

            await PadAsync(elapsed, cancellationToken).ConfigureAwait(false);
            Log.SignInFailed(_logger);
            return CredentialResult.InvalidCredentials;
        }

        if (verification == PasswordVerificationResult.Success)
        {
            _dummy.Record(elapsed);
        }

        await _throttler.SucceededAsync(attempt, cancellationToken).ConfigureAwait(false);
        if (verification == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await RehashAsync(user, password, cancellationToken).ConfigureAwait(false);
        }

        Log.SignInSucceeded(_logger, user.Id);
        return CredentialResult.Success(user);
    }

    private async Task PadAsync(TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var rest = _dummy.ExpectedCost - elapsed;
        if (rest <= TimeSpan.Zero)
        {
            return;
        }

        // Most of the wait on a timer (no CPU); timers fire a millisecond or two late, so the last two are spun.
        var deadline = Stopwatch.GetTimestamp() + (long)(rest.TotalSeconds * Stopwatch.Frequency);
        if (rest > SpunWait)
        {
            await Task.Delay(rest - SpunWait, cancellationToken).ConfigureAwait(false);
        }

        var spinner = default(SpinWait);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            spinner.SpinOnce(sleep1Threshold: -1);
        }
    }

    private static readonly TimeSpan SpunWait = TimeSpan.FromMilliseconds(2);

    // The policy's bound on typed input: anything longer cannot be a valid password and is refused before it
    // costs a hash (or a normalisation).
    private bool IsPlausiblePassword([NotNullWhen(true)] string? password)
        => !string.IsNullOrEmpty(password) && password.Length <= PasswordPolicy.MaximumInputLength(_options.CurrentValue.Password);

    private async Task RehashAsync(IAuthKitUser user, string password, CancellationToken cancellationToken)
    {
        var (ran, hash) = await _gate.TryRunAsync(() => _hasher.HashPassword(password), cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            // Under load the upgrade waits for the next sign-in; the sign-in itself has succeeded.
            return;
        }

        try
        {
            await _users.UpdatePasswordHashAsync(user.Id, hash, cancellationToken).ConfigureAwait(false);
            Log.PasswordRehashed(_logger, user.Id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RehashFailed(_logger, user.Id, ex);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Sign-in succeeded for user {UserId}.")]
        public static partial void SignInSucceeded(ILogger logger, string userId);

        [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Sign-in failed: invalid credentials.")]
        public static partial void SignInFailed(ILogger logger);

        [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Password hash of user {UserId} upgraded to the current parameters.")]
        public static partial void PasswordRehashed(ILogger logger, string userId);

        [LoggerMessage(EventId = 1006, Level = LogLevel.Warning, Message = "Password hash of user {UserId} could not be upgraded; the sign-in stands.")]
        public static partial void RehashFailed(ILogger logger, string userId, Exception exception);
    }
}
