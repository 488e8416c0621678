using System.Diagnostics.CodeAnalysis;

namespace AuthKit.Authorization;

/// <summary>
/// Decides whether a <c>returnUrl</c> may be followed: only local paths (ASVS 3.7.2). Absolute URLs,
/// protocol-relative (<c>//evil.example</c>), backslash (<c>/\evil.example</c>), white-space and control-character
/// tricks, and their percent-encoded forms are refused.
/// </summary>
public static class ReturnUrl
{
    private const int MaximumLength = 2048;

    /// <summary>Returns whether <paramref name="url"/> is a local path that is safe to redirect to.</summary>
    /// <param name="url">The candidate.</param>
    /// <returns><see langword="true"/> when local.</returns>
    public static bool IsLocal([NotNullWhen(true)] string? url)
    {
        if (string.IsNullOrEmpty(url) || url.Length > MaximumLength || !IsLocalShape(url, decoded: false))
        {
            return false;
        }

        // Check the decoded form too: browsers and proxies decode before they route.
        var decoded = url;
        for (var round = 0; round < 3 && decoded.Contains('%', StringComparison.Ordinal); round++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }

            decoded = next;
            if (!IsLocalShape(decoded, decoded: true))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Returns <paramref name="url"/> when it is local, otherwise <paramref name="fallback"/>.</summary>
    /// <param name="url">The candidate.</param>
    /// <param name="fallback">A known local path.</param>
    /// <returns>A local path.</returns>
    public static string LocalOr(string? url, string fallback) => IsLocal(url) ? url : fallback;

    private static bool IsLocalShape(string url, bool decoded)
    {
        if (url[0] != '/' || (url.Length > 1 && (url[1] == '/' || url[1] == '\\')))
        {
            return false;
        }

        foreach (var c in url)
        {
            // Browsers drop tabs and new lines and read "\" as "/": "/\t/evil" and "/\evil" become "//evil".
            // An encoded space ("%20") is ordinary in a path; a raw one is not.
            if (c == '\\' || char.IsControl(c) || (c == ' ' ? !decoded : char.IsWhiteSpace(c)))
            {
                return false;
            }
        }

        return true;
    }
}
