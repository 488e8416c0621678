using AuthKit.Credentials;
using AuthKit.Sessions;

namespace AuthKit.Accounts;

/// <summary>
/// Whether a session is fresh: the user proved who they are (signed in, or re-authenticated, which starts a new session)
/// within a maximum age (<see cref="SessionOptions.FreshFor"/> unless a caller asks for another).
/// </summary>
internal static class Freshness
{
    /// <summary>The refusal a front end acts on by asking for the password or a code (<c>POST …/reauthenticate</c>).</summary>
    public static readonly AuthKitError Required = new(AuthKitErrorCodes.ReauthenticationRequired, "Confirm it's you: enter your password or a code again to do this.");

    /// <summary>
    /// When the user last proved who they are. A session's absolute expiry is set once, when it is created, so the sign-in is
    /// the absolute expiry less the absolute lifetime. The issue time bounds it from above: a shorter absolute lifetime
    /// configured since the sign-in would otherwise make an old session look young.
    /// </summary>
    public static DateTimeOffset SignedInAt(DateTimeOffset issuedAt, DateTimeOffset absoluteExpiresAt, SessionOptions options)
    {
        var byLifetime = absoluteExpiresAt - options.AbsoluteTimeout;
        return byLifetime < issuedAt ? byLifetime : issuedAt;
    }

    public static bool IsFresh(AuthSession session, SessionOptions options, DateTimeOffset now, TimeSpan? maxAge = null)
        => now - SignedInAt(session.IssuedAt, session.AbsoluteExpiresAt, options) <= (maxAge ?? options.FreshFor);

    public static bool IsFresh(Sessions.Cookies.SessionCookiePayload session, SessionOptions options, DateTimeOffset now, TimeSpan? maxAge = null)
        => now - SignedInAt(session.IssuedAt, session.AbsoluteExpiresAt, options) <= (maxAge ?? options.FreshFor);
}
