namespace AuthKit.Internal;

/// <summary>Checks on UTF-16 text that <see cref="string.Normalize()"/> does not make on every platform.</summary>
internal static class Utf16
{
    /// <summary>Returns <see langword="true"/> when the text holds a surrogate that is not part of a pair.</summary>
    public static bool HasLoneSurrogate(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return true;
            }
        }

        return false;
    }
}
