using System.Text;

namespace AuthKit.Tests.PublicApi;

/// <summary>
/// Compares text with a checked-in <c>*.approved.txt</c> beside the calling test. On a difference it writes
/// <c>*.received.txt</c> next to it and fails with a line diff; accept a change by copying received over approved.
/// </summary>
public static class ApprovalFile
{
    public static void Verify(string received, string name)
    {
        var directory = SourceDirectory();
        var approvedPath = Path.Combine(directory, name + ".approved.txt");
        var receivedPath = Path.Combine(directory, name + ".received.txt");
        received = Normalize(received);

        var approved = File.Exists(approvedPath) ? Normalize(File.ReadAllText(approvedPath)) : string.Empty;
        if (approved == received)
        {
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, received);
        throw new Xunit.Sdk.XunitException(
            $"The public API of {name} changed. If the change is intended, copy{Environment.NewLine}  {receivedPath}{Environment.NewLine}over{Environment.NewLine}  {approvedPath}{Environment.NewLine}Diff (- approved, + received):{Environment.NewLine}{Diff(approved, received)}");
    }

    /// <summary>
    /// The test project's PublicApi folder, found from the test assembly (CallerFilePath is mapped to /_/ in
    /// deterministic CI builds, so it cannot be used).
    /// </summary>
    private static string SourceDirectory()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthKit.Tests.csproj")))
            {
                return Path.Combine(directory.FullName, "PublicApi");
            }
        }

        throw new InvalidOperationException($"The AuthKit.Tests project folder was not found above {AppContext.BaseDirectory}.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    /// <summary>A line diff from the longest common subsequence; API files are small enough for O(n·m).</summary>
    internal static string Diff(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var output = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                x++;
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                output.Append("+ ").AppendLine(b[y++]);
            }
            else
            {
                output.Append("- ").AppendLine(a[x++]);
            }
        }

        return output.ToString();
    }
}
