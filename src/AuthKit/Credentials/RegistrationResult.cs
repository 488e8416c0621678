namespace AuthKit.Credentials;

/// <summary>The result of <see cref="IAccountRegistrar.RegisterAsync"/>.</summary>
public sealed class RegistrationResult
{
    private RegistrationResult(RegistrationStatus status, IAuthKitUser? user, IReadOnlyList<AuthKitError> errors)
    {
        Status = status;
        User = user;
        Errors = errors;
    }

    /// <summary>Gets the outcome.</summary>
    public RegistrationStatus Status { get; }

    /// <summary>Gets the created user when <see cref="Status"/> is <see cref="RegistrationStatus.Succeeded"/>.</summary>
    public IAuthKitUser? User { get; }

    /// <summary>Gets every reason for a refusal; empty otherwise.</summary>
    public IReadOnlyList<AuthKitError> Errors { get; }

    /// <summary>Gets a value indicating whether the user was created.</summary>
    public bool Succeeded => Status == RegistrationStatus.Succeeded;

    /// <summary>Creates a success.</summary>
    /// <param name="user">The created user.</param>
    /// <returns>The result.</returns>
    public static RegistrationResult Success(IAuthKitUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(RegistrationStatus.Succeeded, user, []);
    }

    /// <summary>Creates a refusal.</summary>
    /// <param name="errors">Why the input was refused; at least one.</param>
    /// <returns>The result.</returns>
    public static RegistrationResult Refused(IReadOnlyList<AuthKitError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentOutOfRangeException.ThrowIfZero(errors.Count, nameof(errors));
        return new(RegistrationStatus.Refused, null, errors);
    }

    /// <summary>Gets the result for a full hashing queue.</summary>
    public static RegistrationResult Overloaded { get; } = new(RegistrationStatus.Overloaded, null, []);
}
