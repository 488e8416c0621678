namespace AuthKit.Credentials;

/// <summary>
/// What address verification and address change need from the application's user store, beside <see cref="IUserStore"/>.
/// Implement it on the same class as <see cref="IUserStore"/>; <c>AddEmailVerification()</c> refuses to start without it.
/// </summary>
/// <remarks>
/// Store the verified flag with the user. When <see cref="NewUser.EmailVerified"/> is <see langword="true"/> (a sign-up
/// completed through its mailed link), <see cref="IUserStore.CreateAsync"/> must create the user already verified.
/// </remarks>
public interface IUserEmailStore
{
    /// <summary>Returns whether the user's current address is verified.</summary>
    /// <param name="user">A user this store returned.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when verified.</returns>
    Task<bool> GetEmailVerifiedAsync(IAuthKitUser user, CancellationToken cancellationToken);

    /// <summary>Marks the user's address verified, only if it still is <paramref name="normalizedEmail"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="normalizedEmail">The address that was proven.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when the user does not exist or has another address now.</returns>
    Task<bool> SetEmailVerifiedAsync(string userId, string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Moves the user to a new, proven address and marks it verified, in one update.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="normalizedEmail">The new address (normalised).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="false"/> when another user has the address (enforce it with a unique index) or the user does not exist.</returns>
    Task<bool> ChangeEmailAsync(string userId, string normalizedEmail, CancellationToken cancellationToken);
}
