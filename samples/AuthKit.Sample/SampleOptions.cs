namespace AuthKit.Sample;

/// <summary>The sample's own settings (configuration section <c>Sample</c>).</summary>
public sealed class SampleOptions
{
    /// <summary>Gets or sets the addresses that become admins when they sign up. No account is seeded.</summary>
    public string[] AdminEmails { get; set; } = [];
}
