using System.Diagnostics.CodeAnalysis;
using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions.Sealing;

/// <summary>
/// AuthKit's own cookie format: <see cref="SessionTicketSerializer"/> sealed with AES-256-GCM by
/// <see cref="SessionTokenFormat"/>. The default <see cref="IStatelessSessionFormat"/>, and the format of
/// database-session cookies.
/// </summary>
internal sealed class SealedSessionFormat : IStatelessSessionFormat
{
    private readonly Lazy<KeyRing> _keys;
    private readonly string _purpose;
    private SessionTokenFormat? _format;

    // The key ring is built on first use, so a foreign format registered in its place needs no AuthKit keys.
    public SealedSessionFormat(Lazy<KeyRing> keys, string purpose, string cookieName)
    {
        _keys = keys;
        _purpose = purpose;
        CookieName = cookieName;
    }

    public string CookieName { get; }

    public TimeSpan IssuedAtPrecision => TimeSpan.FromMilliseconds(1);

    private SessionTokenFormat Format => _format ??= new SessionTokenFormat(_keys.Value, _purpose, CookieName);

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

    public string Seal(StatelessSessionPayload payload)
    {
        var plaintext = SessionTicketSerializer.Serialize(SessionTicket.FromPayload(payload));
        try
        {
            return Format.Protect(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
    }

    public bool TryOpen(string cookieValue, [NotNullWhen(true)] out StatelessSessionPayload? payload, out bool needsReseal)
    {
        payload = TryOpenTicket(cookieValue, out var ticket, out needsReseal) ? ticket.ToPayload() : null;
        return payload is not null;
    }

    /// <summary>Opens straight into a ticket: AuthKit's own hot path, without the public payload in between.</summary>
    internal bool TryOpenTicket(string cookieValue, [NotNullWhen(true)] out SessionTicket? ticket, out bool needsReseal)
    {
        ticket = null;
        needsReseal = false;
        Span<byte> plaintext = stackalloc byte[SessionTokenFormat.MaxPlaintextLengthOf(cookieValue.Length)];
        var result = Format.TryUnprotect(cookieValue, plaintext, out var written);
        if (result is not (SessionTokenFormat.OpenResult.Opened or SessionTokenFormat.OpenResult.OpenedWithOlderKey))
        {
            return false;
        }

        ticket = SessionTicketSerializer.Deserialize(plaintext[..written]);
        plaintext[..written].Clear();
        if (ticket is null)
        {
            return false;
        }

        needsReseal = result == SessionTokenFormat.OpenResult.OpenedWithOlderKey;
        return true;
    }
}
