using System.Globalization;
using System.Text;
using AuthKit.Internal;
using Microsoft.Extensions.Options;

namespace AuthKit.Credentials;

/// <summary>
/// Checks new passwords against <see cref="PasswordPolicyOptions"/>: length after NFKC in code points,
/// the common-password list, and nothing else (no composition rules, no truncation, no case folding).
/// </summary>
internal sealed class PasswordPolicy
{
    private readonly IOptionsMonitor<AuthKitOptions> _options;

    public PasswordPolicy(IOptionsMonitor<AuthKitOptions> options)
    {
        _options = options;
    }

    /// <summary>
    /// The most UTF-16 units a password may have as typed, before it is normalised: four per allowed code point, which
    /// covers surrogate pairs and decomposed text (NFKC composes the three jamo ᄀ ᅡ ᆨ into one syllable). Longer input
    /// is refused unread, because NFKC can multiply text (U+FDFA becomes 18 characters): normalising first let one
    /// request allocate a gigabyte. Sign-in uses the same bound, so every password the policy accepts can sign in.
    /// </summary>
    public static int MaximumInputLength(PasswordPolicyOptions policy) => 4 * policy.MaximumLength;

    public IReadOnlyList<AuthKitError> Validate(string? password)
    {
        var policy = _options.CurrentValue.Password;
        if (string.IsNullOrEmpty(password))
        {
            return [TooShort(policy)];
        }

        if (password.Length > MaximumInputLength(policy))
        {
            return [TooLong(policy)];
        }

        if (Utf16.HasLoneSurrogate(password))
        {
            // Such text has no UTF-8 form: two different inputs would hash alike.
            return [new AuthKitError(AuthKitErrorCodes.PasswordInvalid, "The password contains characters that are not valid text.")];
        }

        var normalized = password.Normalize(NormalizationForm.FormKC);

        var length = CountCodePoints(normalized);
        if (length < policy.MinimumLength)
        {
            return [TooShort(policy)];
        }

        if (length > policy.MaximumLength)
        {
            return [TooLong(policy)];
        }

        if (policy.RejectCommonPasswords && CommonPasswords.Contains(normalized))
        {
            return [new AuthKitError(
                AuthKitErrorCodes.PasswordCommon,
                "This password is on a list of commonly used passwords that attackers try first. Choose another one.")];
        }

        return [];
    }

    private static AuthKitError TooShort(PasswordPolicyOptions policy) => new(
        AuthKitErrorCodes.PasswordTooShort,
        string.Create(CultureInfo.InvariantCulture, $"The password must be at least {policy.MinimumLength} characters long."));

    private static AuthKitError TooLong(PasswordPolicyOptions policy) => new(
        AuthKitErrorCodes.PasswordTooLong,
        string.Create(CultureInfo.InvariantCulture, $"The password must be at most {policy.MaximumLength} characters long."));

    private static int CountCodePoints(string text)
    {
        var count = 0;
        foreach (var _ in text.EnumerateRunes())
        {
            count++;
        }

        return count;
    }
}
