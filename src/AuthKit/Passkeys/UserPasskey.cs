namespace AuthKit.Passkeys;

/// <summary>A registered passkey (a WebAuthn public key credential) as the user store keeps it.</summary>
public sealed record UserPasskey
{
    /// <summary>Gets the credential id the authenticator chose (unique across users; at most 1023 bytes).</summary>
    public required byte[] CredentialId { get; init; }

    /// <summary>Gets the id of the user it signs in.</summary>
    public required string UserId { get; init; }

    /// <summary>
    /// Gets the WebAuthn user handle: 32 random bytes AuthKit chose for this user (the same for all of the user's passkeys),
    /// never the user id or the address, because the authenticator may show it or hand it to others.
    /// </summary>
    public required byte[] UserHandle { get; init; }

    /// <summary>Gets the credential's public key (COSE).</summary>
    public required byte[] PublicKey { get; init; }

    /// <summary>Gets the authenticator's signature counter at the last use (0 for authenticators that keep none).</summary>
    public uint SignCount { get; init; }

    /// <summary>Gets how the browser can reach the authenticator (<c>internal</c>, <c>hybrid</c>, <c>usb</c>, <c>nfc</c>, <c>ble</c>).</summary>
    public IReadOnlyList<string> Transports { get; init; } = [];

    /// <summary>Gets the name the user knows it by.</summary>
    public required string Name { get; init; }

    /// <summary>Gets when it was registered.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets when it last signed in or confirmed a sensitive action, if ever.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>Gets whether the credential may be synced to other devices (a multi-device passkey).</summary>
    public bool IsBackupEligible { get; init; }

    /// <summary>Gets whether the credential was backed up (synced) at its last use.</summary>
    public bool IsBackedUp { get; init; }

    /// <summary>Gets the authenticator model's AAGUID (all zeros when the authenticator does not say).</summary>
    public Guid AaGuid { get; init; }
}
