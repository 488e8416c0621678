namespace AuthKit.Credentials;

/// <summary>
/// The data AuthKit hands to <see cref="IUserStore.CreateAsync"/> for a sign-up.
/// </summary>
/// <param name="Email">The normalised email address.</param>
/// <param name="PasswordHash">The password hash to store.</param>
public sealed record NewUser(string Email, string PasswordHash)
{
    /// <summary>
    /// Gets whether the address is already verified: a sign-up completed through its mailed link (<see cref="IUserEmailStore"/>).
    /// Stores without email verification can ignore it; it is then always <see langword="false"/>.
    /// </summary>
    public bool EmailVerified { get; init; }
}
