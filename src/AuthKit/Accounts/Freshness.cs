using AuthKit.Sessions;

namespace AuthKit.Accounts;

/// <summary>
/// Whether a session is fresh: the user proved who they are (signed in, or re-authenticated, which starts a new session)
/// within <see cref="SessionOptions.FreshFor"/>.
/// </summary>
internal static class Freshness
{
    /// <summary>
    /// When the user last proved who they are. A session's absolute expiry is set once, when it is created, so the sign-in is
    /// the absolute expiry less the absolute lifetime. The issue time bounds it from above: a shorter absolute lifetime
    /// configured since the sign-in would otherwise make an old session look young.
    /// </summary>
    public static DateTimeOffset SignedInAt(AuthSession session, SessionOptions options)
    {
        var byLifetime = session.AbsoluteExpiresAt - options.AbsoluteTimeout;
        return byLifetime < session.IssuedAt ? byLifetime : session.IssuedAt;
    }

    public static bool IsFresh(AuthSession session, SessionOptions options, DateTimeOffset now)
        => now - SignedInAt(session, options) <= options.FreshFor;
}
