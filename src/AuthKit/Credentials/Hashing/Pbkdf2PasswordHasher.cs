using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials.Hashing;

/// <summary>
/// PBKDF2 password hashing through <see cref="KeyDerivation"/>, stored in PHC string format:
/// <c>$pbkdf2-sha256$i=600000$&lt;salt&gt;$&lt;hash&gt;</c> (unpadded standard Base64), so the parameters can change later.
/// Also verifies ASP.NET Core Identity V2/V3 hashes (always reported as needing a re-hash).
/// </summary>
/// <remarks>
/// New passwords are normalised to NFKC before hashing (NIST SP 800-63B-4), and so are passwords checked
/// against AuthKit hashes. Identity hashes were made from the raw text, so they are checked with it.
/// Identity's own <c>PasswordHasher</c> is not reused: it trusts the iteration count in the stored hash,
/// and a hash claiming 2^31 iterations would hold a core for hours. Every count is bounded here first.
/// </remarks>
internal sealed class Pbkdf2PasswordHasher : IPasswordHasher
{
    private const string Sha256Id = "pbkdf2-sha256";
    private const string Sha512Id = "pbkdf2-sha512";

    // Stored hashes claiming more work than this are refused: a corrupted or hostile row must not hang a core.
    private const int ForeignIterationLimit = 5 * PasswordHashingOptions.RecommendedIterations;
    private const int MinimumSaltSize = 8;
    private const int MinimumHashSize = 16;
    private const int MaximumPartSize = 128;

    private readonly PasswordHashingOptions _options;

    public Pbkdf2PasswordHasher(IOptions<AuthKitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value.Hashing;
    }

    private int IterationLimit => Math.Max(ForeignIterationLimit, _options.Iterations);

    public string HashPassword(string password)
    {
        ArgumentNullException.ThrowIfNull(password);
        var salt = RandomNumberGenerator.GetBytes(_options.SaltSize);
        var hash = KeyDerivation.Pbkdf2(Normalize(password), salt, KeyDerivationPrf.HMACSHA256, _options.Iterations, _options.HashSize);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"${Sha256Id}$i={_options.Iterations}${ToPhcBase64(salt)}${ToPhcBase64(hash)}");
    }

    public PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword)
    {
        if (string.IsNullOrEmpty(hashedPassword) || providedPassword is null)
        {
            return PasswordVerificationResult.Failed;
        }

        try
        {
            return hashedPassword[0] == '$'
                ? VerifyPhc(hashedPassword, providedPassword)
                : VerifyIdentity(hashedPassword, providedPassword);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or OverflowException)
        {
            // A malformed stored hash is a failed verification, never an error page.
            return PasswordVerificationResult.Failed;
        }
    }

    private PasswordVerificationResult VerifyPhc(string stored, string password)
    {
        // "", "pbkdf2-sha256", "i=600000", salt, hash
        var parts = stored.Split('$');
        if (parts.Length != 5 || parts[0].Length != 0 || !parts[2].StartsWith("i=", StringComparison.Ordinal))
        {
            return PasswordVerificationResult.Failed;
        }

        var prf = parts[1] switch
        {
            Sha256Id => KeyDerivationPrf.HMACSHA256,
            Sha512Id => KeyDerivationPrf.HMACSHA512,
            _ => (KeyDerivationPrf?)null,
        };
        if (prf is null
            || !int.TryParse(parts[2].AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1 || iterations > IterationLimit
            || !TryFromPhcBase64(parts[3], out var salt) || salt.Length < MinimumSaltSize
            || !TryFromPhcBase64(parts[4], out var expected) || expected.Length < MinimumHashSize)
        {
            return PasswordVerificationResult.Failed;
        }

        var actual = KeyDerivation.Pbkdf2(Normalize(password), salt, prf.Value, iterations, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordVerificationResult.Failed;
        }

        var current = prf == KeyDerivationPrf.HMACSHA256
            && iterations >= _options.Iterations
            && salt.Length >= _options.SaltSize
            && expected.Length >= _options.HashSize;
        return current ? PasswordVerificationResult.Success : PasswordVerificationResult.SuccessRehashNeeded;
    }

    private PasswordVerificationResult VerifyIdentity(string stored, string password)
    {
        var bytes = new byte[stored.Length];
        if (!Convert.TryFromBase64String(stored, bytes, out var length) || length == 0)
        {
            return PasswordVerificationResult.Failed;
        }

        var decoded = bytes.AsSpan(0, length);
        var ok = decoded[0] switch
        {
            0x00 => VerifyIdentityV2(decoded, password),
            0x01 => VerifyIdentityV3(decoded, password),
            _ => false,
        };

        // Identity hashes are legacy by definition: re-hash them with the current parameters.
        return ok ? PasswordVerificationResult.SuccessRehashNeeded : PasswordVerificationResult.Failed;
    }

    // V2: 0x00 | salt (16) | subkey (32); PBKDF2-HMAC-SHA1, 1000 iterations.
    private static bool VerifyIdentityV2(ReadOnlySpan<byte> decoded, string password)
    {
        const int SaltSize = 16, SubkeySize = 32;
        if (decoded.Length != 1 + SaltSize + SubkeySize)
        {
            return false;
        }

        var actual = KeyDerivation.Pbkdf2(password, decoded.Slice(1, SaltSize).ToArray(), KeyDerivationPrf.HMACSHA1, 1000, SubkeySize);
        return CryptographicOperations.FixedTimeEquals(actual, decoded.Slice(1 + SaltSize));
    }

    // V3: 0x01 | prf (uint32 BE) | iterations (uint32 BE) | salt length (uint32 BE) | salt | subkey.
    private bool VerifyIdentityV3(ReadOnlySpan<byte> decoded, string password)
    {
        const int HeaderSize = 13;
        if (decoded.Length < HeaderSize)
        {
            return false;
        }

        var prfId = BinaryPrimitives.ReadUInt32BigEndian(decoded[1..]);
        var iterations = BinaryPrimitives.ReadUInt32BigEndian(decoded[5..]);
        var saltLength = BinaryPrimitives.ReadUInt32BigEndian(decoded[9..]);
        if (prfId > (uint)KeyDerivationPrf.HMACSHA512
            || iterations < 1 || iterations > (uint)IterationLimit
            || saltLength < MinimumSaltSize || saltLength > MaximumPartSize
            || decoded.Length < HeaderSize + saltLength + MinimumHashSize)
        {
            return false;
        }

        var salt = decoded.Slice(HeaderSize, (int)saltLength).ToArray();
        var expected = decoded[(HeaderSize + (int)saltLength)..];
        if (expected.Length > MaximumPartSize)
        {
            return false;
        }

        var actual = KeyDerivation.Pbkdf2(password, salt, (KeyDerivationPrf)prfId, (int)iterations, expected.Length);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    internal static string Normalize(string password)
    {
        try
        {
            return password.Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            // A lone surrogate cannot be normalised; hash the text as given rather than fail.
            return password;
        }
    }

    private static string ToPhcBase64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=');

    private static bool TryFromPhcBase64(string text, out byte[] bytes)
    {
        bytes = [];
        if (text.Length == 0 || text.Length > MaximumPartSize * 2 || text.Contains('='))
        {
            return false;
        }

        var padded = (text.Length % 4) switch
        {
            0 => text,
            2 => text + "==",
            3 => text + "=",
            _ => null,
        };
        if (padded is null)
        {
            return false;
        }

        var buffer = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, buffer, out var written))
        {
            return false;
        }

        bytes = buffer.AsSpan(0, written).ToArray();
        return true;
    }
}
