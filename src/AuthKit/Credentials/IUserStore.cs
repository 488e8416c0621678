namespace AuthKit.Credentials;

/// <summary>
/// The application's user store: the one interface an application implements to use AuthKit.
/// Register it with <c>AddAuthKit().AddUserStore&lt;TStore&gt;()</c>; it is resolved per request (scoped).
/// </summary>
/// <remarks>
/// Emails reach the store already normalised (trimmed, NFKC, lower-case), so an exact, case-sensitive
/// comparison is correct. Password hashes are opaque strings; store them as given.
/// </remarks>
public interface IUserStore
{
    /// <summary>Finds a user by normalised email address.</summary>
    /// <param name="normalizedEmail">The normalised email address.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user, or <see langword="null"/> when no user has this address.</returns>
    Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken);

    /// <summary>Finds a user by identifier.</summary>
    /// <param name="userId">The identifier returned by <see cref="IAuthKitUser.Id"/>.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The user, or <see langword="null"/> when it does not exist (any more).</returns>
    Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken);

    /// <summary>Creates a user.</summary>
    /// <param name="user">The normalised email and the password hash of the new user.</param>
    /// <param name="cancellationToken">Cancels the creation.</param>
    /// <returns>
    /// The created user, or <see langword="null"/> when the email address is already taken
    /// (for example by a concurrent sign-up; enforce it with a unique index).
    /// </returns>
    Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken);

    /// <summary>Replaces the password hash of a user (after a password change or a re-hash on sign-in).</summary>
    /// <param name="userId">The identifier of the user.</param>
    /// <param name="passwordHash">The new password hash.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    /// <returns>A task that completes when the hash is stored.</returns>
    Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken);
}
