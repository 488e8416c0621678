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
        var errors = new List<AuthKitError>();
        if (!EmailAddress.TryNormalize(email, out var normalizedEmail))
        {
            errors.Add(EmailInvalid);
        }

        errors.AddRange(_policy.Validate(password));
        if (errors.Count > 0)
        {
            return Refuse(errors);
        }

        // Hash first, taken address or not: refusing a taken address before hashing told its owner's existence by the
        // answer's timing. (The answer itself still says so: see docs/security.md on sign-up and enumeration.)
        var (ran, hash) = await _gate.TryRunAsync(() => _hasher.HashPassword(password!), cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            _warnings.SignUpOverloaded();
            return RegistrationResult.Overloaded;
        }

        if (await _users.FindByEmailAsync(normalizedEmail!, cancellationToken).ConfigureAwait(false) is not null)
        {
            return Refuse([EmailTaken]);
        }

        var user = await _users.CreateAsync(new NewUser(normalizedEmail!, hash), cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            // Lost a race with a concurrent sign-up of the same address; the store's unique index decided.
            return Refuse([EmailTaken]);
        }

        Log.UserRegistered(_logger, user.Id);
        return RegistrationResult.Success(user);
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
