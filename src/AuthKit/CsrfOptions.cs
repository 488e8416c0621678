namespace AuthKit;

/// <summary>
/// Cross-site request forgery protection (ASVS 3.5.1–3.5.3): unsafe requests (POST, PUT, PATCH, DELETE) that carry
/// the session cookie, and every unsafe request to AuthKit's endpoints, must come from the same origin.
/// </summary>
public sealed class CsrfOptions
{
    /// <summary>Gets or sets a value indicating whether the origin check runs.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Gets or sets further origins allowed to send unsafe requests, for example <c>https://admin.example.com</c>.</summary>
    /// <value>Empty by default: only the request's own origin.</value>
    public IList<string> AllowedOrigins { get; set; } = [];
}
