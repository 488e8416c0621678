namespace AuthKit;

/// <summary>
/// One key of the session key ring (configuration <c>AuthKit:Keys:N:Id</c> and <c>AuthKit:Keys:N:Secret</c>).
/// The last key in the list seals new cookies; every key in the list opens them.
/// </summary>
public sealed class AuthKitKeyOptions
{
    /// <summary>Gets or sets the key identifier carried in every token: 1–32 characters of letters, digits, <c>-</c>, <c>_</c> or <c>.</c>.</summary>
    /// <value>There is no default; a date such as <c>2026-11</c> makes rotation easy to follow.</value>
    public string Id { get; set; } = string.Empty;

    /// <summary>Gets or sets at least 32 random bytes, Base64-encoded (for example from <c>openssl rand -base64 32</c>).</summary>
    /// <value>There is no default. Keep it in a secret store or an environment variable, never in source control.</value>
    public string Secret { get; set; } = string.Empty;
}
