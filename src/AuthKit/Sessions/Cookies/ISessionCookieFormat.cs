using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions.Cookies;

/// <summary>
/// How a session travels in its cookie: turns a <see cref="SessionCookiePayload"/> into a cookie value and back, and
/// names the cookie. Stateless sessions use the registered format: AuthKit's own AES-256-GCM seal by default, or one
/// shared with another framework (the <c>AuthKit.NextJs</c> package adds the iron-session and jose formats). Database
/// sessions always use AuthKit's own seal around their token.
/// </summary>
/// <remarks>
/// Expiry, renewal, revocation and the per-request memo stay in AuthKit: a format only seals and opens. Implementations
/// are singletons and must be thread-safe. Register one with <see cref="AuthKitBuilder.UseSessionCookieFormat{TFormat}"/>.
/// </remarks>
public interface ISessionCookieFormat
{
    /// <summary>Gets the name of the session cookie. It is the only name AuthKit reads the session from, and the one its CSRF check watches.</summary>
    string CookieName { get; }

    /// <summary>
    /// Gets the smallest time step the format records for <see cref="SessionCookiePayload.IssuedAt"/>
    /// (1 ms for AuthKit's format, 1 s for formats that store Unix seconds). Revocation uses it to keep a
    /// re-issued cookie strictly after a "sign out everywhere" instant.
    /// </summary>
    TimeSpan IssuedAtPrecision { get; }

    /// <summary>Creates the attributes the session cookie is written and deleted with.</summary>
    /// <param name="expires">When the browser should drop the cookie; <see langword="null"/> when deleting.</param>
    /// <returns>The cookie options.</returns>
    CookieOptions CreateCookieOptions(DateTimeOffset? expires);

    /// <summary>Seals a session into a cookie value.</summary>
    /// <param name="payload">The session.</param>
    /// <returns>The cookie value.</returns>
    string Seal(SessionCookiePayload payload);

    /// <summary>
    /// Opens a cookie value. Never throws for bad input: garbage, truncated, tampered, wrong-key or otherwise
    /// unreadable values return <see langword="false"/>. Expiry is checked by AuthKit from the payload's times.
    /// </summary>
    /// <param name="cookieValue">The cookie value as the request carries it (read from the header without copying it).</param>
    /// <param name="payload">The session, when opened.</param>
    /// <param name="needsReseal"><see langword="true"/> when the value opened with an older key or password and should be sealed again with the current one.</param>
    /// <returns><see langword="true"/> when the value opened.</returns>
    bool TryOpen(ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out SessionCookiePayload? payload, out bool needsReseal);
}
