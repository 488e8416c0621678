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

    /// <summary>Gets the cross-site request forgery settings.</summary>
    public CsrfOptions Csrf { get; } = new();

    /// <summary>Gets the rate limits of AuthKit's endpoints.</summary>
    public RateLimitOptions RateLimit { get; } = new();

    /// <summary>Gets the limits of AuthKit's endpoints.</summary>
    public EndpointOptions Endpoints { get; } = new();

    /// <summary>Gets the session lifetimes and cookie settings.</summary>
    public SessionOptions Sessions { get; } = new();

    /// <summary>Gets the email flows' settings (verification, password reset, address change).</summary>
    public EmailOptions Email { get; } = new();

    /// <summary>Gets the second factor's settings (TOTP and recovery codes).</summary>
    public TwoFactorOptions TwoFactor { get; } = new();

    /// <summary>Gets the background mail queue's settings.</summary>
    public MailOptions Mail { get; } = new();

    /// <summary>Gets the external sign-in options (<c>AddExternalLogins()</c>).</summary>
    public ExternalLoginOptions ExternalLogins { get; } = new();

    /// <summary>
    /// Gets or sets the origin every mailed link starts with, for example <c>https://app.example.com</c>: links are never
    /// built from the request's <c>Host</c> header, which an attacker can set (reset-link poisoning). Required when an
    /// email feature is on.
    /// </summary>
    /// <value>The default is <see langword="null"/>.</value>
    public string? PublicOrigin { get; set; }

    /// <summary>
    /// Gets or sets the key ring that seals session cookies (AES-256-GCM). The last key seals; all keys open.
    /// To rotate, append a new key, and remove the old one once the sessions it sealed may end.
    /// </summary>
    /// <value>
    /// Empty by default. Without keys, Development uses an ephemeral key (sessions end on restart, with a
    /// warning) and every other environment refuses to start.
    /// </value>
    public IList<AuthKitKeyOptions> Keys { get; set; } = [];
}
