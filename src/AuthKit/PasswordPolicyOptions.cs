namespace AuthKit;

/// <summary>
/// The policy for new passwords (sign-up and password change), after NIST SP 800-63B-4 and OWASP ASVS 6.2:
/// a length window, a common-password list, and no composition rules.
/// </summary>
public sealed class PasswordPolicyOptions
{
    /// <summary>The lowest minimum length accepted by validation (ASVS 6.2.1).</summary>
    public const int LowestMinimumLength = 8;

    /// <summary>Gets or sets the minimum length, counted in Unicode code points after NFKC normalisation.</summary>
    /// <value>The default is 8, the floor of ASVS 6.2.1; 15 is recommended where there is no second factor.</value>
    public int MinimumLength { get; set; } = LowestMinimumLength;

    /// <summary>
    /// Gets or sets the maximum length, counted in code points after NFKC normalisation, which bounds the work of one
    /// hash; it must allow at least 64. Typed input longer than four times this in UTF-16 units is refused before it is
    /// normalised (NFKC can multiply text), at sign-up, sign-in and password change alike.
    /// </summary>
    /// <value>The default is 256.</value>
    public int MaximumLength { get; set; } = 256;

    /// <summary>Gets or sets a value indicating whether passwords on the built-in common-password list are refused.</summary>
    /// <value>The default is <see langword="true"/> (ASVS 6.2.4).</value>
    public bool RejectCommonPasswords { get; set; } = true;
}
