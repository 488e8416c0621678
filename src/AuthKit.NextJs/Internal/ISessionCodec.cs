using AuthKit.Sessions.Cookies;

namespace AuthKit.NextJs.Internal;

/// <summary>One Next.js cookie format: seals a session, and opens a cookie value saying why when it refuses it.</summary>
internal interface ISessionCodec
{
    string Seal(SessionCookiePayload payload);

    /// <summary>Opens a cookie value; never throws for bad input.</summary>
    /// <param name="cookieValue">The raw cookie value.</param>
    /// <param name="refusal">Why the value was refused (never containing the value itself).</param>
    /// <param name="needsReseal">Whether it opened with an older password.</param>
    /// <returns>The session, or <see langword="null"/>.</returns>
    SessionCookiePayload? Open(string cookieValue, out string? refusal, out bool needsReseal);
}
