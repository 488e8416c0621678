namespace AuthKit.Credentials;

/// <summary>
/// Hashes and verifies passwords. The default implementation uses PBKDF2-HMAC-SHA256 and also verifies
/// ASP.NET Core Identity V2 and V3 hashes. Replace it with <c>AddAuthKit().UsePasswordHasher&lt;T&gt;()</c>.
/// </summary>
/// <remarks>Implementations must be thread-safe and must never throw for a malformed stored hash.</remarks>
public interface IPasswordHasher
{
    /// <summary>Hashes a new password.</summary>
    /// <param name="password">The password as the user typed it.</param>
    /// <returns>A self-describing hash string to store.</returns>
    string HashPassword(string password);

    /// <summary>Verifies a password against a stored hash in constant time.</summary>
    /// <param name="hashedPassword">The stored hash; any string, including a malformed one.</param>
    /// <param name="providedPassword">The password as the user typed it.</param>
    /// <returns>Whether the password matches, and whether the hash should be replaced.</returns>
    PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword);
}
