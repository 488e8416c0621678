using System.Buffers;
using System.Buffers.Text;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;

namespace AuthKit.Sessions.Sealing;

/// <summary>
/// Seals and opens session tokens with AES-256-GCM and the <see cref="KeyRing"/>.
/// </summary>
/// <remarks>
/// Token = Base64url( version (1) | key id length (1) | key id (ASCII) | nonce (12) | ciphertext | tag (16) ).
/// The authenticated data is the purpose, the cookie name and the header, so a token made for another purpose
/// or cookie, or with its version or key id altered, fails authentication. Decoding is strict (a token must be
/// the canonical encoding of its bytes), so no two cookie strings open to the same session.
/// Random 96-bit nonces keep a key safe for about 2^32 seals (NIST SP 800-38D); rotate keys long before.
/// </remarks>
internal sealed class SessionTokenFormat
{
    public const byte Version = 1;
    public const int NonceSize = 12;
    public const int TagSize = 16;

    /// <summary>The longest token accepted: a cookie is at most 4096 bytes (ASVS 3.3.5).</summary>
    public const int MaxTokenLength = 4096;

    /// <summary>The bytes a token adds to its plaintext at most (header with the longest key id, nonce, tag).</summary>
    public const int Overhead = 2 + 32 + NonceSize + TagSize;

    /// <summary>The largest plaintext that can fit in <see cref="MaxTokenLength"/>.</summary>
    public const int MaxPlaintextLength = (MaxTokenLength / 4 * 3) - Overhead;

    /// <summary>The largest plaintext a token of <paramref name="tokenLength"/> characters can hold.</summary>
    public static int MaxPlaintextLengthOf(int tokenLength)
        => Math.Clamp(Base64Url.GetMaxDecodedLength(Math.Min(tokenLength, MaxTokenLength)), 0, MaxPlaintextLength);

    private readonly KeyRing _ring;
    private readonly byte[] _purpose;

    public SessionTokenFormat(KeyRing ring, string purpose, string cookieName)
    {
        _ring = ring;
        _purpose = Encoding.UTF8.GetBytes($"AuthKit/{purpose}/{cookieName}/");
    }

    public string Protect(ReadOnlySpan<byte> plaintext)
    {
        var key = _ring.Primary;
        var headerLength = 2 + key.IdBytes.Length;
        var total = headerLength + NonceSize + plaintext.Length + TagSize;
        var rented = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var token = rented.AsSpan(0, total);
            token[0] = Version;
            token[1] = (byte)key.IdBytes.Length;
            key.IdBytes.CopyTo(token[2..]);
            var nonce = token.Slice(headerLength, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            var ciphertext = token.Slice(headerLength + NonceSize, plaintext.Length);
            var tag = token[^TagSize..];

            Span<byte> aad = stackalloc byte[_purpose.Length + headerLength];
            BuildAad(token[..headerLength], aad);

            var aes = key.Rent();
            try
            {
                aes.Encrypt(nonce, plaintext, ciphertext, tag, aad);
            }
            finally
            {
                key.Return(aes);
            }

            return Base64Url.EncodeToString(token);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented, clearArray: true);
        }
    }

    /// <summary>Opens a token into <paramref name="plaintext"/> (at least <see cref="MaxPlaintextLengthOf"/> bytes). Never throws for bad input.</summary>
    /// <remarks>
    /// Runs on every authenticated request: its stack buffers are not zeroed first (every byte read is written before),
    /// which was a twentieth of the open's time.
    /// </remarks>
    [SkipLocalsInit]
    public OpenResult TryUnprotect(ReadOnlySpan<char> token, Span<byte> plaintext, out int written)
    {
        written = 0;
        if (token.IsEmpty || token.Length > MaxTokenLength)
        {
            return OpenResult.Malformed;
        }

        // Sized to this token rather than the largest one: stack buffers are zeroed, and most cookies are short.
        Span<byte> decoded = stackalloc byte[Base64Url.GetMaxDecodedLength(token.Length)];
        if (!TryDecodeCanonical(token, decoded, out var length))
        {
            return OpenResult.Malformed;
        }

        decoded = decoded[..length];
        if (length < 2 || decoded[0] != Version)
        {
            return OpenResult.Malformed;
        }

        var headerLength = 2 + decoded[1];
        var ciphertextLength = length - headerLength - NonceSize - TagSize;
        if (decoded[1] == 0 || ciphertextLength < 0 || ciphertextLength > plaintext.Length)
        {
            return OpenResult.Malformed;
        }

        if (!_ring.TryGet(decoded.Slice(2, decoded[1]), out var key))
        {
            return OpenResult.UnknownKey;
        }

        Span<byte> aad = stackalloc byte[_purpose.Length + headerLength];
        BuildAad(decoded[..headerLength], aad);

        var aes = key.Rent();
        try
        {
            aes.Decrypt(
                decoded.Slice(headerLength, NonceSize),
                decoded.Slice(headerLength + NonceSize, ciphertextLength),
                decoded[^TagSize..],
                plaintext[..ciphertextLength],
                aad);
        }
        catch (CryptographicException)
        {
            // Tag mismatch: tampered, wrong purpose or cookie name, or a key with this id but other bytes.
            plaintext[..ciphertextLength].Clear();
            return OpenResult.Forged;
        }
        finally
        {
            key.Return(aes);
        }

        written = ciphertextLength;
        return ReferenceEquals(key, _ring.Primary) ? OpenResult.Opened : OpenResult.OpenedWithOlderKey;
    }

    private void BuildAad(ReadOnlySpan<byte> header, Span<byte> aad)
    {
        _purpose.CopyTo(aad);
        header.CopyTo(aad[_purpose.Length..]);
    }

    private static bool TryDecodeCanonical(ReadOnlySpan<char> token, Span<byte> destination, out int written)
    {
        if (Base64Url.DecodeFromChars(token, destination, out var consumed, out written) != OperationStatus.Done || consumed != token.Length)
        {
            return false;
        }

        // Canonical means: nothing the decoder skips or tolerates (white space, padding), and zero trailing bits in the
        // last character, so no "different" cookie string opens to the same bytes.
        if (token.IndexOfAny(NonCanonical) >= 0)
        {
            return false;
        }

        var trailingBits = (token.Length % 4) switch
        {
            2 => 0b1111,
            3 => 0b0011,
            0 => 0,
            _ => -1,
        };
        return trailingBits == 0 || (trailingBits > 0 && (Base64UrlValue(token[^1]) & trailingBits) == 0);
    }

    private static readonly SearchValues<char> NonCanonical = SearchValues.Create(" \t\r\n=");

    private static int Base64UrlValue(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };

    public enum OpenResult
    {
        Opened,
        OpenedWithOlderKey,
        Malformed,
        UnknownKey,
        Forged,
    }
}
