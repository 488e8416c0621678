using System.Buffers;
using System.Buffers.Text;

namespace AuthKit.NextJs.Internal;

/// <summary>Base64url without padding, decoded strictly: only the canonical encoding of some bytes is accepted.</summary>
internal static class StrictBase64Url
{
    public static string Encode(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(bytes);

    /// <summary>Decodes; <see langword="null"/> for padding, white space, non-zero trailing bits or any other non-canonical text.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        var bytes = new byte[Base64Url.GetMaxDecodedLength(text.Length)];
        if (Base64Url.DecodeFromChars(text, bytes, out var consumed, out var written) != OperationStatus.Done || consumed != text.Length)
        {
            return null;
        }

        // Re-encode and compare: two cookie strings must never open to the same bytes.
        Span<char> canonical = stackalloc char[Base64Url.GetEncodedLength(written)];
        if (!Base64Url.TryEncodeToChars(bytes.AsSpan(0, written), canonical, out var length) || !text.SequenceEqual(canonical[..length]))
        {
            return null;
        }

        return written == bytes.Length ? bytes : bytes[..written];
    }
}
