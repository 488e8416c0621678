using System.Security.Cryptography;
using System.Text;

namespace AuthKit.TwoFactor;

/// <summary>
/// Recovery codes: 80 random bits each, shown once as four groups of four Base32 characters (<c>abcd-efgh-2345-6789</c>),
/// stored as SHA-256 (80 bits of entropy make a fast hash enough: guessing one offline from a leaked hash takes 2^79
/// tries on average). Typed codes are compared without dashes, spaces or case.
/// </summary>
internal static class RecoveryCodes
{
    public static (IReadOnlyList<string> Codes, IReadOnlyList<string> Hashes) Generate(int count)
    {
        var codes = new string[count];
        var hashes = new string[count];
        for (var i = 0; i < count; i++)
        {
            var raw = Base32.Encode(RandomNumberGenerator.GetBytes(10)).ToLowerInvariant();
            codes[i] = string.Join('-', raw[..4], raw[4..8], raw[8..12], raw[12..16]);
            hashes[i] = Hash(codes[i])!;
        }

        return (codes, hashes);
    }

    /// <summary>The stored form of a typed code, or <see langword="null"/> when it cannot be one.</summary>
    public static string? Hash(string? code)
    {
        if (code is null || code.Length > 64)
        {
            return null;
        }

        var normalized = new StringBuilder(16);
        foreach (var c in code)
        {
            if (c is '-' or ' ')
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            if (!(lower is >= 'a' and <= 'z' or >= '2' and <= '7'))
            {
                return null;
            }

            normalized.Append(lower);
        }

        return normalized.Length == 16 ? Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized.ToString()))) : null;
    }
}
