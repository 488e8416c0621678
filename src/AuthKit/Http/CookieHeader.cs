using System.Buffers;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Http;

/// <summary>
/// Finds one cookie in the request's <c>Cookie</c> header without building the request's cookie collection: the
/// session cookie is read on every request, and parsing every cookie into a dictionary of new strings costs more
/// than opening AuthKit's. Only headers made of plain RFC 6265 pairs take this path; anything else (quoted or
/// percent-encoded values, odd characters, a name given twice, several headers) is left to ASP.NET Core's own parser,
/// so both always agree on what the cookie holds.
/// </summary>
internal static class CookieHeader
{
    /// <summary>Gets the value of the cookie named <paramref name="name"/>; <see langword="false"/> when the request has none.</summary>
    public static bool TryGetValue(HttpRequest request, string name, out ReadOnlySpan<char> value)
    {
        var headers = request.Headers.Cookie;
        if (headers.Count == 0)
        {
            value = default;
            return false;
        }

        if (headers.Count == 1 && TryFindPlain(headers[0].AsSpan(), name, out var found, out value))
        {
            return found;
        }

        // Not plain: the framework's parser decides (and decodes).
        var parsed = request.Cookies[name];
        value = parsed;
        return parsed is not null;
    }

    /// <summary>Whether the request carries the cookie (however its header is written).</summary>
    public static bool Contains(HttpRequest request, string name) => TryGetValue(request, name, out _);

    /// <summary>
    /// Scans "name=value; name=value" pairs. Returns <see langword="false"/> when the header is not plain, in which case
    /// <paramref name="found"/> and <paramref name="value"/> mean nothing.
    /// </summary>
    internal static bool TryFindPlain(ReadOnlySpan<char> header, string name, out bool found, out ReadOnlySpan<char> value)
    {
        found = false;
        value = default;
        while (!header.IsEmpty)
        {
            var end = header.IndexOf(';');
            var pair = end < 0 ? header : header[..end];
            header = end < 0 ? [] : header[(end + 1)..];
            pair = pair.TrimStart(' ');
            if (pair.IsEmpty)
            {
                // "a=1;" or "a=1; ; b=2": the framework's parser treats these in its own way.
                return false;
            }

            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                return false;
            }

            var pairName = pair[..equals];
            var pairValue = pair[(equals + 1)..];
            if (!IsPlainName(pairName) || pairValue.IsEmpty || !IsPlainValue(pairValue))
            {
                return false;
            }

            // Names compare without case, as ASP.NET Core's cookie collection compares them.
            if (pairName.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                if (found)
                {
                    // The same name twice: which one wins is the framework's call.
                    return false;
                }

                found = true;
                value = pairValue;
            }
        }

        return true;
    }

    // RFC 7230 token characters, without '%' (left to the framework's parser).
    private static readonly SearchValues<char> NameChars = SearchValues.Create("!#$&'*+-.0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ^_`abcdefghijklmnopqrstuvwxyz|~");

    // RFC 6265 cookie-octets, without '%' (a percent-encoded value is decoded by the framework's parser).
    private static readonly SearchValues<char> ValueChars = SearchValues.Create("!#$&'()*+-./0123456789:<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    private static bool IsPlainName(ReadOnlySpan<char> name) => name.IndexOfAnyExcept(NameChars) < 0;

    private static bool IsPlainValue(ReadOnlySpan<char> value) => value.IndexOfAnyExcept(ValueChars) < 0;
}
