using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuthKit.NextJs.Internal;

/// <summary>
/// The iron <c>Fe26.2</c> seal exactly as iron-webcrypto 2 (and hapi's iron) make it:
/// <c>Fe26.2*id*encSalt*iv*ciphertext*expiration*hmacSalt*hmac</c>.
/// </summary>
/// <remarks>
/// Keys come from PBKDF2-HMAC-SHA1 with 1 iteration and 32 bytes of output; the salt is the UTF-8 bytes of the
/// 64-character lowercase hex text of 32 random bytes, not the decoded bytes (the detail that trips ports).
/// Encryption is AES-256-CBC/PKCS7 with a random 128-bit IV; integrity is HMAC-SHA256 over fields 0..5 joined by '*',
/// with its own salt. The iteration count and SHA-1 are the format's, fixed by compatibility: the passwords must
/// carry the entropy (iron requires at least 32 characters).
/// </remarks>
internal static class IronSeal
{
    public const string Prefix = "Fe26.2";

    /// <summary>iron's <c>timestampSkewSec</c>: a seal is accepted until 60 seconds after its expiration.</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    /// <summary>Seals never carry more than a cookie can hold.</summary>
    public const int MaxSealLength = 4096;

    private const int SaltBytes = 32;
    private const int IvBytes = 16;
    private const int KeyBytes = 32;

    public static string Seal(ReadOnlySpan<byte> json, string passwordId, byte[] password, long? expirationMs)
    {
        var encryptionSalt = NewSalt();
        var iv = RandomNumberGenerator.GetBytes(IvBytes);
        byte[] ciphertext;
        using (var aes = Aes.Create())
        {
            aes.Key = DeriveKey(password, encryptionSalt);
            ciphertext = aes.EncryptCbc(json, iv, PaddingMode.PKCS7);
        }

        var expiration = expirationMs?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;
        var macBase = $"{Prefix}*{passwordId}*{encryptionSalt}*{StrictBase64Url.Encode(iv)}*{StrictBase64Url.Encode(ciphertext)}*{expiration}";
        var hmacSalt = NewSalt();
        var mac = HMACSHA256.HashData(DeriveKey(password, hmacSalt), Encoding.UTF8.GetBytes(macBase));
        return $"{macBase}*{hmacSalt}*{StrictBase64Url.Encode(mac)}";
    }

    /// <summary>
    /// Opens a seal. The HMAC is verified in constant time before anything is decrypted. Never throws for bad input.
    /// </summary>
    /// <param name="seal">The seal without iron-session's <c>~2</c> suffix.</param>
    /// <param name="passwords">Looks a password up by its id (<c>default</c> for a seal without id).</param>
    /// <param name="opened">The decrypted JSON, the password id, the expiration and the authenticated text.</param>
    /// <param name="now">When given, a seal whose expiration is at or before <c>now - 60 s</c> is refused before any cryptography, as iron does.</param>
    /// <returns>Why the seal did not open, or <see langword="null"/> when it did.</returns>
    public static string? TryUnseal(string seal, Func<string, byte[]?> passwords, out Opened opened, DateTimeOffset? now = null)
    {
        opened = default;
        if (seal.Length > MaxSealLength)
        {
            return "too long";
        }

        var parts = seal.Split('*');
        if (parts.Length != 8)
        {
            return "malformed";
        }

        if (parts[0] != Prefix)
        {
            return "wrong prefix";
        }

        long? expiration = null;
        if (parts[5].Length > 0)
        {
            // iron accepts /^[1-9]\d*$/; 15 digits keep the value far inside a long and any real date.
            if (parts[5].Length > 15 || parts[5][0] == '0' || !parts[5].All(char.IsAsciiDigit))
            {
                return "malformed expiration";
            }

            expiration = long.Parse(parts[5], NumberStyles.None, CultureInfo.InvariantCulture);
            if (now is { } clock && expiration <= (clock - Skew).ToUnixTimeMilliseconds())
            {
                return "expired";
            }
        }

        var password = passwords(parts[1].Length == 0 ? "default" : parts[1]);
        if (password is null)
        {
            return "unknown password id";
        }

        var digest = StrictBase64Url.Decode(parts[7]);
        var iv = StrictBase64Url.Decode(parts[3]);
        var ciphertext = StrictBase64Url.Decode(parts[4]);
        if (digest is not { Length: KeyBytes } || iv is not { Length: IvBytes } || ciphertext is null
            || ciphertext.Length == 0 || ciphertext.Length % 16 != 0 || parts[2].Length == 0 || parts[6].Length == 0)
        {
            return "malformed";
        }

        var macBase = seal[..(seal.Length - parts[6].Length - parts[7].Length - 2)];
        var macBytes = Encoding.UTF8.GetBytes(macBase);
        var expected = HMACSHA256.HashData(DeriveKey(password, parts[6]), macBytes);
        if (!CryptographicOperations.FixedTimeEquals(expected, digest))
        {
            return "bad hmac";
        }

        byte[] json;
        try
        {
            using var aes = Aes.Create();
            aes.Key = DeriveKey(password, parts[2]);
            json = aes.DecryptCbc(ciphertext, iv, PaddingMode.PKCS7);
        }
        catch (CryptographicException)
        {
            // Only reachable with a valid HMAC, that is a seal made by a holder of the password: still no session.
            return "undecryptable";
        }

        opened = new Opened(json, parts[1], expiration, SHA256.HashData(macBytes));
        return null;
    }

    private static string NewSalt() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(SaltBytes));

    // The salt is used as text: PBKDF2 gets its UTF-8 bytes, as iron-webcrypto passes enc.encode(salt).
    private static byte[] DeriveKey(byte[] password, string salt)
        => Rfc2898DeriveBytes.Pbkdf2(password, Encoding.UTF8.GetBytes(salt), 1, HashAlgorithmName.SHA1, KeyBytes);

    /// <summary>An opened seal.</summary>
    /// <param name="Json">The decrypted payload (UTF-8 JSON).</param>
    /// <param name="PasswordId">The id of the password that sealed it.</param>
    /// <param name="ExpirationMs">The seal's expiration (Unix ms), if any.</param>
    /// <param name="AuthenticatedHash">SHA-256 of fields 0..5, the authenticated text: a stable identity of this seal.</param>
    internal readonly record struct Opened(byte[] Json, string PasswordId, long? ExpirationMs, byte[] AuthenticatedHash);
}
