namespace AuthKit.TwoFactor;

/// <summary>
/// A user's second factor as the app's store keeps it (<see cref="IUserTwoFactorStore"/>). Nothing in it lets anyone
/// sign in: the TOTP secret is sealed with AuthKit's key ring and bound to the user, recovery codes are SHA-256 hashes.
/// </summary>
/// <param name="SecretCiphertext">The TOTP secret, sealed with the key ring (AES-256-GCM, bound to the user id).</param>
/// <param name="LastUsedStep">The last 30-second step whose code was accepted: no code of it or earlier is accepted again.</param>
/// <param name="RecoveryCodeHashes">The unused recovery codes' SHA-256 (hex); each code works once.</param>
/// <param name="EnabledAt">When the second factor was confirmed.</param>
/// <param name="TrustedDevicesNotBefore">Devices trusted before this instant must use the second factor again (a reset or a sign-out of trusted devices moves it).</param>
/// <param name="Version">Incremented by every change; a store replaces the state only when its version is the one expected.</param>
public sealed record TwoFactorState(
    string SecretCiphertext,
    long LastUsedStep,
    IReadOnlyList<string> RecoveryCodeHashes,
    DateTimeOffset EnabledAt,
    DateTimeOffset TrustedDevicesNotBefore,
    long Version);
