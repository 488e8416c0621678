using System.Text.RegularExpressions;

namespace AuthKit.Tests.Documentation;

/// <summary>docs/external-sign-in.md shows only code that compiles: each of its C# blocks is in <see cref="ExternalSignInSnippets"/>.</summary>
public sealed partial class ExternalSignInDocTests
{
    [Fact]
    public void EveryCSharpBlock_IsCompiledCode()
    {
        var doc = File.ReadAllText(RepositoryFile("docs", "external-sign-in.md"));
        var compiled = Normalise(File.ReadAllText(RepositoryFile("tests", "AuthKit.Tests", "Documentation", "ExternalSignInSnippets.cs")));
        var blocks = CSharpBlock().Matches(doc).Select(m => m.Groups[1].Value).ToList();

        blocks.Should().HaveCountGreaterThanOrEqualTo(4, "the page shows Google, Microsoft, GitHub and AuthKit's own set-up");
        foreach (var block in blocks)
        {
            compiled.Should().Contain(Normalise(block), "every C# block of docs/external-sign-in.md must be compiled code");
        }
    }

    private static string Normalise(string code) => Whitespace().Replace(code, " ").Trim();

    private static string RepositoryFile(params string[] parts)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "AuthKit.sln")))
            {
                return Path.Combine([directory.FullName, .. parts]);
            }
        }

        throw new InvalidOperationException("The repository root was not found.");
    }

    [GeneratedRegex("```csharp\\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex("\\s+")]
    private static partial Regex Whitespace();
}
