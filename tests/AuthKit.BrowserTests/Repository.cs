namespace AuthKit.BrowserTests;

/// <summary>Paths in the repository the tests run from.</summary>
internal static class Repository
{
    /// <summary>The repository's root: the folder above the test binaries that holds AuthKit.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The Next.js sample's folder.</summary>
    public static string NextJsSample => Path.Combine(Root, "samples", "AuthKit.NextJs.Sample");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthKit.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (AuthKit.sln) was not found above the test binaries.");
    }
}
