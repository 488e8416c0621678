using AuthKit.Http;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions.Cookies;

/// <summary>A cookie AuthKit authenticates requests with; the CSRF origin check applies to every request that carries one.</summary>
internal interface IAuthKitCookie
{
    /// <summary>Gets the cookie's name.</summary>
    string Name { get; }
}

/// <summary>
/// The session cookie of the session kind in use, one per app: its format, its name (the one owner of it, which the
/// CSRF check reads too), and reading, writing and deleting it with the format's attributes.
/// </summary>
internal sealed class SessionCookie : IAuthKitCookie
{
    /// <summary>The most a browser keeps for one cookie (name, value and attributes, RFC 6265 §6.1).</summary>
    public const int MaxCookieBytes = 4096;

    // "; expires=Thu, 01 Jan 2026 00:00:00 GMT; path=/; secure; samesite=lax; httponly"
    private const int AttributesLength = 80;

    public SessionCookie(ISessionCookieFormat format)
    {
        Format = format;
        Name = format.CookieName;
    }

    public string Name { get; }

    /// <summary>Gets the format that seals and opens the cookie: the registered one for stateless sessions, AuthKit's own for database sessions.</summary>
    public ISessionCookieFormat Format { get; }

    /// <summary>
    /// Reads the cookie's value as the request carries it, without copying it. Only the cookie is read: a token in the
    /// query string or a form is ignored (ASVS 14.2.1).
    /// </summary>
    public bool TryRead(HttpContext context, out ReadOnlySpan<char> value) => CookieHeader.TryGetValue(context.Request, Name, out value) && !value.IsEmpty;

    /// <summary>Whether the request carries the cookie with a value.</summary>
    public bool IsPresent(HttpContext context) => TryRead(context, out _);

    /// <summary>Writes a sealed value (the expiry only tells the browser how long to keep it; AuthKit enforces the payload's).</summary>
    public void Write(HttpContext context, string value, DateTimeOffset expires)
        => context.Response.Cookies.Append(Name, value, Format.CreateCookieOptions(expires));

    public void Delete(HttpContext context) => context.Response.Cookies.Delete(Name, Format.CreateCookieOptions(null));

    /// <summary>Seals a payload, and throws when its cookie would exceed what browsers keep (ASVS 3.3.5).</summary>
    public string Seal(SessionCookiePayload payload)
    {
        var value = Format.Seal(payload);

        // "name=value" plus the attributes written with it.
        var size = Name.Length + 1 + value.Length + AttributesLength;
        if (size > MaxCookieBytes)
        {
            throw new InvalidOperationException(
                $"The session cookie would be {size} bytes, and browsers keep at most {MaxCookieBytes}. Store fewer or shorter roles and values "
                + "in the session, or keep large data server-side (database sessions, or your own store keyed by the user id).");
        }

        return value;
    }
}
