using AuthKit.Credentials.Hashing;

namespace AuthKit.Credentials;

/// <summary>Changes a signed-in user's password: the current password is required (ASVS 6.2.2), the new one meets the policy.</summary>
internal sealed class PasswordChange
{
    private static readonly AuthKitError WrongCurrent = new(AuthKitErrorCodes.PasswordIncorrect, "The current password is not correct.");

    private readonly ICredentialVerifier _verifier;
    private readonly PasswordPolicy _policy;
    private readonly IPasswordHasher _hasher;
    private readonly PasswordHashingGate _gate;
    private readonly IUserStore _users;

    public PasswordChange(ICredentialVerifier verifier, PasswordPolicy policy, IPasswordHasher hasher, PasswordHashingGate gate, IUserStore users)
    {
        _verifier = verifier;
        _policy = policy;
        _hasher = hasher;
        _gate = gate;
        _users = users;
    }

    public async Task<Result> ChangeAsync(IAuthKitUser user, string? currentPassword, string? newPassword, string? clientKey, CancellationToken cancellationToken)
    {
        var errors = _policy.Validate(newPassword);
        if (errors.Count > 0)
        {
            return new Result(CredentialStatus.InvalidCredentials, null, errors);
        }

        // Through the verifier, so wrong current passwords are throttled like sign-ins.
        var check = await _verifier.VerifyAsync(user.Email, currentPassword, clientKey, cancellationToken).ConfigureAwait(false);
        if (check.Status is CredentialStatus.Throttled or CredentialStatus.Overloaded)
        {
            return new Result(check.Status, check.RetryAfter, []);
        }

        if (!check.Succeeded || check.User!.Id != user.Id)
        {
            return new Result(CredentialStatus.InvalidCredentials, null, [WrongCurrent]);
        }

        var (ran, hash) = await _gate.TryRunAsync(() => _hasher.HashPassword(newPassword!), cancellationToken).ConfigureAwait(false);
        if (!ran)
        {
            return new Result(CredentialStatus.Overloaded, null, []);
        }

        await _users.UpdatePasswordHashAsync(user.Id, hash, cancellationToken).ConfigureAwait(false);
        return new Result(CredentialStatus.Succeeded, null, []);
    }

    public sealed record Result(CredentialStatus Status, TimeSpan? RetryAfter, IReadOnlyList<AuthKitError> Errors);
}
