namespace AuthKit.Credentials;

/// <summary>The result of <see cref="ICredentialVerifier.VerifyAsync"/>.</summary>
public sealed class CredentialResult
{
    private static readonly CredentialResult InvalidInstance = new(CredentialStatus.InvalidCredentials, null, null);
    private static readonly CredentialResult OverloadedInstance = new(CredentialStatus.Overloaded, null, null);

    private CredentialResult(CredentialStatus status, IAuthKitUser? user, TimeSpan? retryAfter)
    {
        Status = status;
        User = user;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the outcome.</summary>
    public CredentialStatus Status { get; }

    /// <summary>Gets the verified user when <see cref="Status"/> is <see cref="CredentialStatus.Succeeded"/>.</summary>
    public IAuthKitUser? User { get; }

    /// <summary>Gets how long to wait before the next attempt when <see cref="Status"/> is <see cref="CredentialStatus.Throttled"/>.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>Gets a value indicating whether the credentials were verified.</summary>
    public bool Succeeded => Status == CredentialStatus.Succeeded;

    /// <summary>Gets the generic failure used for unknown emails and wrong passwords alike.</summary>
    public static CredentialResult InvalidCredentials => InvalidInstance;

    /// <summary>Gets the result for a full hashing queue.</summary>
    public static CredentialResult Overloaded => OverloadedInstance;

    /// <summary>Creates a success.</summary>
    /// <param name="user">The verified user.</param>
    /// <returns>The result.</returns>
    public static CredentialResult Success(IAuthKitUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return new(CredentialStatus.Succeeded, user, null);
    }

    /// <summary>Creates a throttled result.</summary>
    /// <param name="retryAfter">How long to wait.</param>
    /// <returns>The result.</returns>
    public static CredentialResult Throttled(TimeSpan retryAfter) => new(CredentialStatus.Throttled, null, retryAfter);
}
