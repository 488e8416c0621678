using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AuthKit.NextJs.Internal;

/// <summary>
/// The compact HS256 JWS the Next.js guide makes with jose: <c>base64url({"alg":"HS256"}).base64url(payload).base64url(HMAC)</c>.
/// Only HS256 is accepted; the header may carry <c>typ</c> and <c>kid</c> and nothing else.
/// </summary>
internal static class JoseToken
{
    /// <summary>Base64url of <c>{"alg":"HS256"}</c>, the header jose writes for <c>setProtectedHeader({ alg: 'HS256' })</c>.</summary>
    public const string Header = "eyJhbGciOiJIUzI1NiJ9";

    public const int MaxTokenLength = 4096;

    private const int SignatureBytes = 32;

    public static string Sign(ReadOnlySpan<byte> payloadJson, byte[] key)
    {
        var signingInput = Header + "." + StrictBase64Url.Encode(payloadJson);
        var signature = HMACSHA256.HashData(key, Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + StrictBase64Url.Encode(signature);
    }

    /// <summary>Verifies a token. Never throws for bad input.</summary>
    /// <param name="token">The compact JWS.</param>
    /// <param name="key">The HMAC key.</param>
    /// <param name="payloadJson">The verified payload bytes.</param>
    /// <param name="signingInputHash">SHA-256 of the signing input: a stable identity of this token.</param>
    /// <returns>Why the token was refused, or <see langword="null"/> when it verified.</returns>
    public static string? TryVerify(string token, byte[] key, out byte[] payloadJson, out byte[] signingInputHash)
    {
        payloadJson = [];
        signingInputHash = [];
        if (token.Length > MaxTokenLength)
        {
            return "too long";
        }

        var first = token.IndexOf('.', StringComparison.Ordinal);
        var last = token.LastIndexOf('.');
        if (first <= 0 || last == first || token.IndexOf('.', first + 1) != last || last == token.Length - 1)
        {
            return "malformed";
        }

        var header = StrictBase64Url.Decode(token.AsSpan(0, first));
        var payload = StrictBase64Url.Decode(token.AsSpan(first + 1, last - first - 1));
        var signature = StrictBase64Url.Decode(token.AsSpan(last + 1));
        if (header is null || payload is null || signature is null)
        {
            return "malformed";
        }

        if (!IsAcceptedHeader(header))
        {
            return "algorithm or header refused";
        }

        // Constant-time comparison of the full 256-bit tag; a truncated signature never matches.
        var signingInput = Encoding.ASCII.GetBytes(token, 0, last);
        var expected = HMACSHA256.HashData(key, signingInput);
        if (signature.Length != SignatureBytes || !CryptographicOperations.FixedTimeEquals(expected, signature))
        {
            return "bad signature";
        }

        payloadJson = payload;
        signingInputHash = SHA256.HashData(signingInput);
        return null;
    }

    /// <summary>
    /// Exactly <c>alg: "HS256"</c>; optional string <c>typ</c> and <c>kid</c>; nothing else. So <c>none</c>, RS/ES/PS
    /// algorithms (the key-confusion trick), <c>crit</c>, <c>b64: false</c>, embedded keys (<c>jwk</c>, <c>jku</c>,
    /// <c>x5c</c>, <c>x5u</c>), JWE headers and duplicate names are all refused.
    /// </summary>
    private static bool IsAcceptedHeader(byte[] header)
    {
        try
        {
            using var document = JsonDocument.Parse(header, new JsonDocumentOptions { MaxDepth = 4, AllowDuplicateProperties = false });
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            var hasAlgorithm = false;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "alg" when property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals("HS256"):
                        hasAlgorithm = true;
                        break;
                    case "typ" or "kid" when property.Value.ValueKind == JsonValueKind.String:
                        break;
                    default:
                        return false;
                }
            }

            return hasAlgorithm;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
