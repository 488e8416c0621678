using AuthKit.Credentials;

namespace AuthKit.EntityFrameworkCore;

/// <summary>
/// A ready-made user for apps without a user table yet. Derive from it to add your own properties (they are mapped
/// like any entity's); the key is a string (a new GUID's 32 hex digits unless you set one).
/// </summary>
public class AuthKitUser : IAuthKitUser
{
    /// <summary>Gets or sets the user's id.</summary>
    public string Id { get; set; } = Guid.NewGuid().ToString("n");

    /// <summary>Gets or sets the normalised email address (unique).</summary>
    public string Email { get; set; } = null!;

    /// <summary>Gets or sets the password hash (empty for an account created by an external provider).</summary>
    public string PasswordHash { get; set; } = string.Empty;

    /// <summary>Gets or sets whether the address is verified.</summary>
    public bool EmailVerified { get; set; }

    /// <summary>Gets or sets the user's roles.</summary>
    public List<string> Roles { get; set; } = [];

    /// <summary>Gets or sets when the account was created (Unix milliseconds).</summary>
    public long CreatedAt { get; set; }

    IReadOnlyCollection<string> IAuthKitUser.Roles => Roles;
}

/// <summary>A user's second factor (one row per user with it on).</summary>
public sealed class AuthKitUserTwoFactorRow
{
    /// <summary>Gets or sets the user's id.</summary>
    public string UserId { get; set; } = null!;

    /// <summary>Gets or sets the TOTP secret, sealed with AuthKit's key ring.</summary>
    public string SecretCiphertext { get; set; } = null!;

    /// <summary>Gets or sets the last accepted 30-second step.</summary>
    public long LastUsedStep { get; set; }

    /// <summary>Gets or sets the recovery codes' SHA-256 hashes.</summary>
    public List<string> RecoveryCodeHashes { get; set; } = [];

    /// <summary>Gets or sets when it was turned on (Unix milliseconds).</summary>
    public long EnabledAt { get; set; }

    /// <summary>Gets or sets when trusted devices were last revoked (Unix milliseconds).</summary>
    public long TrustedDevicesNotBefore { get; set; }

    /// <summary>Gets or sets the version the optimistic-concurrency check compares.</summary>
    public long Version { get; set; }
}

/// <summary>A linked external login.</summary>
public sealed class AuthKitUserLoginRow
{
    /// <summary>Gets or sets the provider (scheme name).</summary>
    public string Provider { get; set; } = null!;

    /// <summary>Gets or sets the provider's subject.</summary>
    public string Subject { get; set; } = null!;

    /// <summary>Gets or sets the user's id.</summary>
    public string UserId { get; set; } = null!;

    /// <summary>Gets or sets when it was linked (Unix milliseconds).</summary>
    public long CreatedAt { get; set; }
}

/// <summary>A registered passkey.</summary>
public sealed class AuthKitUserPasskeyRow
{
    /// <summary>Gets or sets the credential id.</summary>
    public byte[] CredentialId { get; set; } = null!;

    /// <summary>Gets or sets the user's id.</summary>
    public string UserId { get; set; } = null!;

    /// <summary>Gets or sets the WebAuthn user handle.</summary>
    public byte[] UserHandle { get; set; } = null!;

    /// <summary>Gets or sets the COSE public key.</summary>
    public byte[] PublicKey { get; set; } = null!;

    /// <summary>Gets or sets the signature counter.</summary>
    public long SignCount { get; set; }

    /// <summary>Gets or sets the transports.</summary>
    public List<string> Transports { get; set; } = [];

    /// <summary>Gets or sets the name.</summary>
    public string Name { get; set; } = null!;

    /// <summary>Gets or sets when it was added (Unix milliseconds).</summary>
    public long CreatedAt { get; set; }

    /// <summary>Gets or sets when it was last used (Unix milliseconds).</summary>
    public long? LastUsedAt { get; set; }

    /// <summary>Gets or sets whether it may be synced.</summary>
    public bool IsBackupEligible { get; set; }

    /// <summary>Gets or sets whether it was backed up at its last use.</summary>
    public bool IsBackedUp { get; set; }

    /// <summary>Gets or sets the authenticator model's AAGUID.</summary>
    public Guid AaGuid { get; set; }
}
