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

    public IReadOnlyList<AuthKitError> Validate(string? password)
    {
        var policy = _options.CurrentValue.Password;
        if (string.IsNullOrEmpty(password))
        {
            return [TooShort(policy)];
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
            return [new AuthKitError(
                AuthKitErrorCodes.PasswordTooLong,
                string.Create(CultureInfo.InvariantCulture, $"The password must be at most {policy.MaximumLength} characters long."))];
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
