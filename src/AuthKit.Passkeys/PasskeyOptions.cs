namespace AuthKit.Passkeys;

/// <summary>Passkey settings (configuration section <c>AuthKit:Passkeys</c>), checked at start-up.</summary>
public sealed class PasskeyOptions
{
    /// <summary>
    /// Gets or sets the WebAuthn relying party id: the domain passkeys are bound to (e.g. <c>example.com</c>). It must be
    /// the host of every allowed origin or a parent domain of it. Defaults to the host of <c>AuthKit:PublicOrigin</c>.
    /// </summary>
    public string? RelyingPartyId { get; set; }

    /// <summary>Gets or sets the name authenticators show beside the account. Defaults to <c>AuthKit:Email:ApplicationName</c>, then the app's name.</summary>
    public string? RelyingPartyName { get; set; }

    /// <summary>
    /// Gets the origins a ceremony may come from (<c>https://app.example.com</c>; <c>http://localhost:port</c> in
    /// development). Defaults to <c>AuthKit:PublicOrigin</c>. Never taken from the request.
    /// </summary>
    public IList<string> Origins { get; } = [];

    /// <summary>Gets or sets how long a challenge (between an options call and its answer) lives. Default 5 minutes; 30 seconds to 10 minutes.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many passkeys one user may register. Default 20; 1 to 100.</summary>
    public int MaxPasskeysPerUser { get; set; } = 20;
}
