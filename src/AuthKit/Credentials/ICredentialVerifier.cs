namespace AuthKit.Credentials;

/// <summary>
/// Verifies an email and password against the application's <see cref="IUserStore"/>, with throttling,
/// bounded hashing, a dummy verification for unknown emails and re-hashing of outdated hashes.
/// </summary>
public interface ICredentialVerifier
{
    /// <summary>Verifies credentials.</summary>
    /// <param name="email">The email as typed; it is normalised before lookup.</param>
    /// <param name="password">The password as typed.</param>
    /// <param name="clientKey">
    /// What identifies the client for per-client throttling (at the HTTP layer, the connection's IP address, an IPv6 one
    /// cut to its /64), or <see langword="null"/> to throttle by account only.
    /// </param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The result; unknown email and wrong password give the same <see cref="CredentialResult.InvalidCredentials"/>.</returns>
    Task<CredentialResult> VerifyAsync(string? email, string? password, string? clientKey, CancellationToken cancellationToken);
}
