namespace AuthKit.NextJs;

/// <summary>The Next.js session cookie formats AuthKit reads and writes.</summary>
public enum NextJsSessionFormat
{
    /// <summary>
    /// The Next.js authentication guide's cookie: an HS256 JWT made with the <c>jose</c> package, keyed with the
    /// UTF-8 bytes of a shared secret. Signed, not encrypted: the browser can read the payload.
    /// </summary>
    Jose,

    /// <summary>An <c>iron-session</c> cookie: an iron <c>Fe26.2</c> seal (AES-256-CBC + HMAC-SHA256), encrypted and authenticated.</summary>
    IronSession,
}
