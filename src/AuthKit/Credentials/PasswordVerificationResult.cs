namespace AuthKit.Credentials;

/// <summary>The outcome of <see cref="IPasswordHasher.VerifyHashedPassword"/>.</summary>
public enum PasswordVerificationResult
{
    /// <summary>The password does not match, or the stored hash is malformed.</summary>
    Failed = 0,

    /// <summary>The password matches and the hash uses the current parameters.</summary>
    Success = 1,

    /// <summary>The password matches; the hash is legacy or below the current parameters and should be replaced.</summary>
    SuccessRehashNeeded = 2,
}
