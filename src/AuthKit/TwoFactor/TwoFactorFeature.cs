namespace AuthKit.TwoFactor;

/// <summary>Registered by <c>AddTwoFactor()</c>: the second factor is on.</summary>
internal sealed class TwoFactorFeature;
