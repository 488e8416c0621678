using AuthKit.Credentials.Hashing;
using AuthKit.Diagnostics;
using Microsoft.Extensions.Logging;

namespace AuthKit.Credentials;

/// <summary>The default <see cref="IAccountRegistrar"/>.</summary>
internal sealed partial class AccountRegistrar : IAccountRegistrar
{
    private static readonly AuthKitError EmailInvalid = new(AuthKitErrorCodes.EmailInvalid, "Enter a valid email address.");
    private static readonly AuthKitError EmailTaken = new(AuthKitErrorCodes.EmailTaken, "An account with this email address already exists.");

    private readonly IUserStore _users;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordHashingGate _gate;
    private readonly PasswordPolicy _policy;
    private readonly FloodWarnings _warnings;
    private readonly ILogger<AccountRegistrar> _logger;

    public AccountRegistrar(IUserStore users, IPasswordHasher hasher, PasswordHashingGate gate, PasswordPolicy policy, FloodWarnings warnings, ILogger<AccountRegistrar> logger)
    {
        _users = users;
        _hasher = hasher;
        _gate = gate;
        _policy = policy;
        _warnings = warnings;
        _logger = logger;
    }

    public async Task<RegistrationResult> RegisterAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var (refusal, normalizedEmail, hash) = await CheckAndHashAsync(email, password, cancellationToken).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        if (await _users.FindByEmailAsync(normalizedEmail!, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Refuse([EmailTaken]);
        }

        var user = await _users.CreateAsync(new NewUser(normalizedEmail!, hash!), cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            // Lost a race with a concurrent sign-up of the same address; the store's unique index decided.
            return Refuse([EmailTaken]);
        }

        Log.UserRegistered(_logger, user.Id);
        return RegistrationResult.Success(user);
    }

    /// <summary>
    /// The part of a sign-up that does not look at existing accounts: the address and the password policy checked, the
    /// password hashed. A sign-up that must verify its address first stops here and creates the account from its link.
    /// </summary>
    internal async Task<(RegistrationResult? Refusal, string? NormalizedEmail, string? Hash)> CheckAndHashAsync(string? email, string? password, CancellationToken cancellationToken)
    {
        var errors = new List<AuthKitError>();
        if (!EmailAddress.TryNormalize(email, out var normalizedEmail))
        {
            errors.Add(EmailInvalid);
        }

        errors.AddRange(_policy.Validate(password));
        if (errors.Count > 0)
        {
            return (Refuse(errors), null, null);
        }

        // Hash first, taken address or not: refusing a taken address before hashing told its owner's existence by the
        // answer's timing. (Without required verification the answer itself still says so: see docs/security.md.)
        var (ran, hash) = await _gate.TryRunAsync(() => _hasher.HashPassword(password!), cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            _warnings.SignUpOverloaded();
            return (RegistrationResult.Overloaded, null, null);
        }

        return (null, normalizedEmail, hash);
    }

    /// <summary>A new password (a reset) checked against the policy and hashed.</summary>
    internal async Task<(RegistrationResult? Refusal, string? Hash)> CheckAndHashPasswordAsync(string? password, CancellationToken cancellationToken)
    {
        var errors = _policy.Validate(password);
        if (errors.Count > 0)
        {
            return (RegistrationResult.Refused(errors), null);
        }

        var (ran, hash) = await _gate.TryRunAsync(() => _hasher.HashPassword(password!), cancellationToken).ConfigureAwait(false);
        return ran ? (null, hash) : (RegistrationResult.Overloaded, null);
    }

    private RegistrationResult Refuse(IReadOnlyList<AuthKitError> errors)
    {
        Log.RegistrationRefused(_logger, string.Join(",", errors.Select(e => e.Code)));
        return RegistrationResult.Refused(errors);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "User {UserId} signed up.")]
        public static partial void UserRegistered(ILogger logger, string userId);

        [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "Sign-up refused: {Codes}.")]
        public static partial void RegistrationRefused(ILogger logger, string codes);
    }
}
