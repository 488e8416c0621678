using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text;

namespace AuthKit.Sessions;

/// <summary>
/// Role names repeat across every session of an app ("admin", "editor"), so opened tickets share one string per
/// name instead of decoding new ones on every request. Bounded: names only come from authenticated tickets, and
/// once <see cref="MaxEntries"/> names are known the table stops growing (later names are decoded as usual).
/// </summary>
internal static class RoleNames
{
    public const int MaxEntries = 1024;

    private const int MaxLength = 64;
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> ByChars = Names.GetAlternateLookup<ReadOnlySpan<char>>();
    private static int _count;

    /// <summary>Decodes strict UTF-8 into a role name; <see langword="false"/> for invalid UTF-8.</summary>
    [SkipLocalsInit]
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out string name)
    {
        name = string.Empty;
        try
        {
            if (utf8.Length > MaxLength)
            {
                name = StrictUtf8.GetString(utf8);
                return true;
            }

            Span<char> chars = stackalloc char[MaxLength];
            var length = StrictUtf8.GetChars(utf8, chars);
            if (ByChars.TryGetValue(chars[..length], out var known))
            {
                name = known;
                return true;
            }

            name = new string(chars[..length]);
            if (Volatile.Read(ref _count) < MaxEntries && Names.TryAdd(name, name))
            {
                Interlocked.Increment(ref _count);
            }

            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }
}
