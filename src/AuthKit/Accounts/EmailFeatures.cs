namespace AuthKit.Accounts;

/// <summary>Which email features the app turned on (<c>AddEmailVerification()</c>, <c>AddPasswordReset()</c>).</summary>
internal sealed class EmailFeatures
{
    public bool Verification { get; set; }

    public bool PasswordReset { get; set; }
}
