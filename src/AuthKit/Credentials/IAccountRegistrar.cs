namespace AuthKit.Credentials;

/// <summary>Creates accounts: validates the email and the password policy, hashes, and stores through <see cref="IUserStore"/>.</summary>
public interface IAccountRegistrar
{
    /// <summary>Signs a new user up.</summary>
    /// <param name="email">The email as typed; it is normalised before it is stored.</param>
    /// <param name="password">The password as typed.</param>
    /// <param name="cancellationToken">Cancels the sign-up.</param>
    /// <returns>The created user, or every reason the input was refused.</returns>
    Task<RegistrationResult> RegisterAsync(string? email, string? password, CancellationToken cancellationToken);
}
