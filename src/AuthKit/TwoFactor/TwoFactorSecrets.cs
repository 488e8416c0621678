using System.Security.Cryptography;
using AuthKit.Sessions.Sealing;

namespace AuthKit.TwoFactor;

/// <summary>
/// Seals TOTP secrets for the user store with AuthKit's key ring (AES-256-GCM), bound to the user: a leaked user table
/// gives no secret, and a ciphertext copied to another user's row does not open. Sealed with the newest key; opens with
/// any key of the ring, and says when an older key opened it so the caller can re-seal (rotation, as for sessions).
/// </summary>
internal sealed class TwoFactorSecrets
{
    private const string Purpose = "TwoFactorSecret.v1";
    private readonly Lazy<KeyRing> _ring;

    public TwoFactorSecrets(Lazy<KeyRing> ring)
    {
        _ring = ring;
    }

    public string Seal(string userId, ReadOnlySpan<byte> secret) => Format(userId).Protect(secret);

    public bool TryOpen(string userId, string ciphertext, out byte[] secret, out bool sealedWithOlderKey)
    {
        var buffer = new byte[SessionTokenFormat.MaxPlaintextLengthOf(ciphertext.Length)];
        var result = Format(userId).TryUnprotect(ciphertext, buffer, out var written);
        sealedWithOlderKey = result == SessionTokenFormat.OpenResult.OpenedWithOlderKey;
        if (result is SessionTokenFormat.OpenResult.Opened or SessionTokenFormat.OpenResult.OpenedWithOlderKey)
        {
            secret = buffer[..written];
            CryptographicOperations.ZeroMemory(buffer);
            return true;
        }

        secret = [];
        return false;
    }

    private SessionTokenFormat Format(string userId) => new(_ring.Value, Purpose, userId);
}
