using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions;

/// <summary>A cookie AuthKit authenticates requests with; the CSRF origin check applies to every request that carries one.</summary>
internal interface IAuthKitCookie
{
    /// <summary>Gets the cookie's name.</summary>
    string Name { get; }
}

/// <summary>
/// The session cookie of the session kind in use (a singleton): its format, its name (the one owner of it, which the
/// CSRF check reads too), and reading, writing and deleting it with the format's attributes.
/// </summary>
internal sealed class SessionCookie : IAuthKitCookie
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

    /// <summary>Gets the format that seals and opens the cookie: the registered stateless format, or AuthKit's own for database sessions.</summary>
    public IStatelessSessionFormat Format => _format;

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
