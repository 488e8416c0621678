using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using AuthKit.Internal;

namespace AuthKit.Credentials;

/// <summary>
/// Normalises and validates email addresses the way AuthKit stores and looks them up.
/// </summary>
/// <remarks>
/// Normal form: surrounding white space trimmed, Unicode NFKC, lower-cased with the invariant culture.
/// Two spellings of one address (<c>" Ann@Example.COM"</c>, <c>"ann@example.com"</c>) therefore map to
/// one account. Validation is deliberately plain: one <c>@</c>, a local part of 1–64 characters without
/// white space, control characters or the specials <c>&lt;&gt;()[]\,;:"</c>, and a domain of dot-separated
/// labels (letters, digits, hyphens) with at least one dot; 254 characters at most in all.
/// </remarks>
public static class EmailAddress
{
    /// <summary>The longest address accepted (RFC 5321 path limit less the angle brackets).</summary>
    public const int MaximumLength = 254;

    private const int MaximumLocalPartLength = 64;
    private const int MaximumLabelLength = 63;
    private const string ForbiddenLocalCharacters = "<>()[]\\,;:\"@";

    /// <summary>Normalises an email address, or throws when it is not a valid address.</summary>
    /// <param name="email">The address as typed.</param>
    /// <returns>The normal form.</returns>
    /// <exception cref="ArgumentException">The address is not valid.</exception>
    public static string Normalize(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return TryNormalize(email, out var normalized)
            ? normalized
            : throw new ArgumentException("The value is not a valid email address.", nameof(email));
    }

    /// <summary>Normalises an email address and reports whether it is valid.</summary>
    /// <param name="email">The address as typed; <see langword="null"/> is invalid.</param>
    /// <param name="normalized">The normal form when valid.</param>
    /// <returns><see langword="true"/> when the address is valid.</returns>
    public static bool TryNormalize(string? email, [NotNullWhen(true)] out string? normalized)
    {
        normalized = null;
        if (string.IsNullOrWhiteSpace(email) || email.Length > MaximumLength * 4 || Utf16.HasLoneSurrogate(email))
        {
            return false;
        }

        var candidate = email.Trim().Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        if (!IsValid(candidate))
        {
            return false;
        }

        normalized = candidate;
        return true;
    }

    private static bool IsValid(string address)
    {
        if (address.Length > MaximumLength)
        {
            return false;
        }

        var at = address.IndexOf('@', StringComparison.Ordinal);
        if (at <= 0 || at != address.LastIndexOf('@') || at > MaximumLocalPartLength)
        {
            return false;
        }

        var local = address.AsSpan(0, at);
        foreach (var c in local)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || ForbiddenLocalCharacters.Contains(c, StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        return IsValidDomain(address.AsSpan(at + 1));
    }

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        if (domain.IsEmpty || !domain.Contains('.'))
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > MaximumLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            foreach (var c in label)
            {
                var category = char.GetUnicodeCategory(c);
                var allowed = c == '-' || char.IsLetterOrDigit(c)
                    || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
                if (!allowed)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
