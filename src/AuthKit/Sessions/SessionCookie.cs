using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions;

/// <summary>Reads, writes and deletes the session cookie with the name and attributes of its format.</summary>
internal sealed class SessionCookie
{
    /// <summary>The most a browser keeps for one cookie (name, value and attributes, RFC 6265 §6.1).</summary>
    public const int MaxCookieBytes = 4096;

    // "; expires=Thu, 01 Jan 2026 00:00:00 GMT; path=/; secure; samesite=lax; httponly"
    private const int AttributesLength = 80;

    private readonly IStatelessSessionFormat _format;

    public SessionCookie(IStatelessSessionFormat format)
    {
        _format = format;
    }

    public string Name => _format.CookieName;

    /// <summary>Reads the raw cookie value. Only the cookie is read: a token in the query string or form is ignored (ASVS 14.2.1).</summary>
    public string? Read(HttpContext context) => context.Request.Cookies[Name];

    public void Write(HttpContext context, string token, DateTimeOffset expires)
    {
        // The expiry here only tells the browser how long to keep the cookie; AuthKit enforces the payload's.
        context.Response.Cookies.Append(Name, token, _format.CreateCookieOptions(expires));
    }

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, _format.CreateCookieOptions(null));

    /// <summary>Throws when a cookie with a value of this length would exceed what browsers keep (ASVS 3.3.5).</summary>
    public void EnsureFits(int valueLength)
    {
        // "name=value" plus the attributes written with it.
        var size = Name.Length + 1 + valueLength + AttributesLength;
        if (size > MaxCookieBytes)
        {
            throw new InvalidOperationException(
                $"The session cookie would be {size} bytes, and browsers keep at most {MaxCookieBytes}. Store fewer or shorter roles and values "
                + "in the session, or keep large data server-side (database sessions, or your own store keyed by the user id).");
        }
    }
}
