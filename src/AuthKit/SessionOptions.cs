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

    /// <summary>Gets or sets the session cookie's name. The cookie is always Secure, HttpOnly, SameSite=Lax, Path=/, without Domain.</summary>
    /// <value>The default is <c>__Host-authkit</c>; the <c>__Host-</c> prefix makes browsers enforce those attributes (ASVS 3.3.1–3.3.4).</value>
    public string CookieName { get; set; } = "__Host-authkit";
}
