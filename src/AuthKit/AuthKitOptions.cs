namespace AuthKit;

/// <summary>
/// AuthKit's options. Bind them from configuration (<c>AddAuthKit(configuration.GetSection("AuthKit"))</c>)
/// or set them in code; they are validated when the host starts and every problem is reported at once.
/// </summary>
public sealed class AuthKitOptions
{
    /// <summary>Gets the password policy applied to new passwords.</summary>
    public PasswordPolicyOptions Password { get; } = new();

    /// <summary>Gets the password hashing parameters and limits.</summary>
    public PasswordHashingOptions Hashing { get; } = new();

    /// <summary>Gets the sign-in throttling settings.</summary>
    public ThrottlingOptions Throttling { get; } = new();
}
