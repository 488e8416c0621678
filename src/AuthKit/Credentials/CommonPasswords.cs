namespace AuthKit.Credentials;

/// <summary>
/// The built-in common-password list: 17,950 entries of 8 to 256 characters from zxcvbn-ts
/// (MIT; the notice ships in THIRD-PARTY-NOTICES.txt). Loaded once, on first use.
/// </summary>
internal static class CommonPasswords
{
    private static readonly Lazy<HashSet<string>> List = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    // The list is lower-case; comparing without case also refuses "Password1" beside "password1".
    public static bool Contains(string password) => List.Value.Contains(password);

    public static int Count => List.Value.Count;

    private static HashSet<string> Load()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("AuthKit.common-passwords.txt")
            ?? throw new InvalidOperationException("The embedded common-password list is missing from the AuthKit assembly.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0)
            {
                set.Add(line);
            }
        }

        return set;
    }
}
