namespace AuthKit.NextJs;

/// <summary>
/// Options of the Next.js session formats (configuration section <c>AuthKit:NextJs</c> by convention). Both
/// sides must agree on the cookie name, the secret or passwords and the payload's shape.
/// </summary>
public sealed class NextJsSessionOptions
{
    /// <summary>Gets or sets which format the session cookie uses.</summary>
    /// <value>The default is <see cref="NextJsSessionFormat.Jose"/> (the Next.js guide's <c>lib/session.ts</c>).</value>
    public NextJsSessionFormat Format { get; set; } = NextJsSessionFormat.Jose;

    /// <summary>Gets or sets the cookie name, as the Next.js app names it.</summary>
    /// <value>The default is <c>session</c>, the guide's name. The cookie is HttpOnly, Secure, SameSite=Lax, Path=/ (the defaults of both the guide and iron-session).</value>
    public string CookieName { get; set; } = "session";

    /// <summary>
    /// Gets or sets the jose format's shared secret (the Next.js app's <c>SESSION_SECRET</c>). The HMAC key is the UTF-8
    /// bytes of this text exactly as written (not Base64-decoded), as <c>new TextEncoder().encode(secret)</c> makes it.
    /// </summary>
    /// <value>No default; at least 32 characters (for example <c>openssl rand -base64 32</c>).</value>
    public string? Secret { get; set; }

    /// <summary>
    /// Gets or sets the iron-session password map: id → password (iron-session's <c>password: { 1: "...", 2: "..." }</c>).
    /// The highest numeric id seals, every id opens, and a cookie sealed with an older id is re-sealed.
    /// A plain-string iron-session password is the map <c>{ 1: password }</c>.
    /// </summary>
    /// <value>Empty by default; each password at least 32 characters, each id a whole number.</value>
    public IDictionary<string, string> Passwords { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Gets or sets the iron-session <c>ttl</c>; used to date a seal that carries no issue time.</summary>
    /// <value>The default is 14 days, iron-session's default.</value>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromDays(14);

    /// <summary>Gets or sets the dotted path of the user id in the payload (a string or an integer), for example <c>user.id</c>.</summary>
    /// <value>The default is <c>userId</c>, as in the Next.js guide.</value>
    public string UserIdPath { get; set; } = "userId";

    /// <summary>Gets or sets the dotted path of the roles (an array of strings, or one string); <see langword="null"/> for none.</summary>
    /// <value>The default is <c>roles</c>. When absent from a cookie, the user has no roles.</value>
    public string? RolesPath { get; set; } = "roles";

    /// <summary>
    /// Gets or sets the dotted path where an iron-session payload records its issue time (Unix seconds); <see langword="null"/> for none.
    /// AuthKit writes it, so the absolute lifetime, renewal and "sign out other devices" work; seals without it are dated
    /// by <see cref="Ttl"/> and are not renewed. The jose format always uses the JWT's <c>iat</c>.
    /// </summary>
    /// <value>The default is <c>iat</c>.</value>
    public string? IssuedAtPath { get; set; } = "iat";

    /// <summary>
    /// Gets or sets the dotted path where AuthKit records when the user signed in (Unix seconds; OpenID Connect's
    /// <c>auth_time</c>); <see langword="null"/> for none. The absolute lifetime counts from it, so a cookie re-issued
    /// later ("sign out other devices" dates it anew) still ends when the sign-in it came from must. Cookies without it
    /// (made by the Next.js app) count from their issue time, and keep that instant when AuthKit re-issues them.
    /// </summary>
    /// <value>The default is <c>auth_time</c>.</value>
    public string? SignedInAtPath { get; set; } = "auth_time";

    /// <summary>
    /// Gets or sets the dotted path where AuthKit records the session id (Base64url); <see langword="null"/> for none. Cookies
    /// without it get an id derived from a hash of their authenticated part; storing the id keeps it stable across renewals,
    /// so a logout also refuses copies of the cookie from before a renewal.
    /// </summary>
    /// <value>The default is <c>sid</c>.</value>
    public string? SessionIdPath { get; set; } = "sid";

    /// <summary>Gets or sets the jose payload's path of the readable expiry (an ISO 8601 string, as the guide's <c>expiresAt</c>); <see langword="null"/> for none. Informational: the JWT's <c>exp</c> is what is enforced.</summary>
    /// <value>The default is <c>expiresAt</c>.</value>
    public string? ExpiresAtPath { get; set; } = "expiresAt";
}
