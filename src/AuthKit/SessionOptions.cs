namespace AuthKit;

/// <summary>Session lifetimes and the session cookie, shared by stateless and database sessions.</summary>
public sealed class SessionOptions
{
    /// <summary>Gets or sets the idle (sliding) lifetime: a session unused for this long ends (ASVS 7.3.1).</summary>
    /// <value>The default is 7 days.</value>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets the absolute lifetime: a session ends this long after sign-in, however active (ASVS 7.3.2).</summary>
    /// <value>The default is 30 days.</value>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets which kind of session runs (used by <c>AddSessions()</c>; the <c>Add*Sessions()</c> methods set it).</summary>
    /// <value>The default is <see cref="Sessions.SessionKind.Stateless"/>.</value>
    public Sessions.SessionKind Kind { get; set; } = Sessions.SessionKind.Stateless;

    /// <summary>
    /// Gets or sets the most sessions one user may hold (database sessions): a sign-in past it ends the user's oldest
    /// session, and session lists show at most this many. Between 1 and 1000.
    /// </summary>
    /// <value>The default is 50: far more devices than a person uses, few enough that a sign-in flood cannot grow one user's sessions without bound.</value>
    public int MaxSessionsPerUser { get; set; } = 50;

    /// <summary>
    /// Gets or sets how long after the user last proved who they are (sign-in, or <c>POST …/reauthenticate</c>) the
    /// session counts as fresh: sensitive actions such as changing the email address need a fresh session (ASVS 7.5.1).
    /// </summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan FreshFor { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets how long one call to the session authority may take before the request is denied (HTTP 503).</summary>
    /// <value>The default is 5 seconds.</value>
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often expired database sessions are deleted by the background purge.</summary>
    /// <value>The default is 1 hour. Expired sessions are refused whether or not they have been purged.</value>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets the session cookie's name. The cookie is always Secure, HttpOnly, SameSite=Lax, Path=/, without Domain.</summary>
    /// <value>The default is <c>__Host-authkit</c>; the <c>__Host-</c> prefix makes browsers enforce those attributes (ASVS 3.3.1–3.3.4).</value>
    public string CookieName { get; set; } = "__Host-authkit";
}
