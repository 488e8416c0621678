using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using AuthKit.Sessions.Sealing;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions.Cookies;

/// <summary>
/// AuthKit's own cookie format: <see cref="SessionPayloadSerializer"/> sealed with AES-256-GCM by
/// <see cref="SessionTokenFormat"/>. The default <see cref="ISessionCookieFormat"/> of stateless sessions, and the
/// format of every database-session cookie (under another purpose, so one kind's cookie never opens as the other's).
/// </summary>
internal sealed class SealedCookieFormat : ISessionCookieFormat
{
    private readonly Lazy<SessionTokenFormat> _tokens;

    // The key ring is built on first use, so a foreign format registered in its place needs no AuthKit keys.
    public SealedCookieFormat(Lazy<KeyRing> keys, string purpose, string cookieName)
    {
        CookieName = cookieName;
        _tokens = new Lazy<SessionTokenFormat>(() => new SessionTokenFormat(keys.Value, purpose, cookieName));
    }

    public string CookieName { get; }

    public TimeSpan IssuedAtPrecision => TimeSpan.FromMilliseconds(1);

    public CookieOptions CreateCookieOptions(DateTimeOffset? expires) => new()
    {
        // The __Host- prefix requires exactly these: Secure, Path=/, no Domain (ASVS 3.3.1–3.3.4).
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Domain = null,
        Expires = expires,
        IsEssential = true,
    };

    public string Seal(SessionCookiePayload payload)
    {
        var plaintext = SessionPayloadSerializer.Serialize(payload);
        try
        {
            return _tokens.Value.Protect(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    // The plaintext buffer is written before it is read, and cleared after: no need to zero it first (hot path).
    [SkipLocalsInit]
    public bool TryOpen(ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out SessionCookiePayload? payload, out bool needsReseal)
    {
        payload = null;
        needsReseal = false;

        // Sized to this cookie: stack buffers are zeroed, and most cookies are short.
        Span<byte> plaintext = stackalloc byte[SessionTokenFormat.MaxPlaintextLengthOf(cookieValue.Length)];
        var result = _tokens.Value.TryUnprotect(cookieValue, plaintext, out var written);
        if (result is not (SessionTokenFormat.OpenResult.Opened or SessionTokenFormat.OpenResult.OpenedWithOlderKey))
        {
            return false;
        }

        payload = SessionPayloadSerializer.Deserialize(plaintext[..written]);
        plaintext[..written].Clear();
        needsReseal = result == SessionTokenFormat.OpenResult.OpenedWithOlderKey;
        return payload is not null;
    }
}
