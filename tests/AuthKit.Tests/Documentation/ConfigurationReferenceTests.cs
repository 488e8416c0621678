using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using AuthKit.Authorization;
using AuthKit.NextJs;
using AuthKit.Redis;
using AuthKit.Smtp;
using AuthKit.Sqlite;

namespace AuthKit.Tests.Documentation;

/// <summary>
/// docs/configuration.md must name every option a user can set: each public settable (or collection) property of
/// <see cref="AuthKitOptions"/> and its nested option classes as a configuration path (<c>`Sessions:IdleTimeout`</c>,
/// <c>`Keys:N:Id`</c>), and the properties of the route-policy, SQLite, Redis and Next.js options in their sections.
/// </summary>
public sealed class ConfigurationReferenceTests
{
    [Fact]
    public void ConfigurationReference_NamesEveryOption()
    {
        var missing = MissingOptions(File.ReadAllText(ConfigurationDoc()));

        missing.Should().BeEmpty("docs/configuration.md must list every option with its default and why");
    }

    [Fact]
    public void ConfigurationReference_WithoutAnOption_IsReportedIncomplete()
    {
        var doc = File.ReadAllText(ConfigurationDoc());
        var withoutRow = string.Join('\n', doc.Split('\n').Where(line => !line.Contains("`Sessions:StoreTimeout`", StringComparison.Ordinal)));
        var withoutRedisRow = string.Join('\n', doc.Split('\n').Where(line => !line.StartsWith("| `KeyPrefix`", StringComparison.Ordinal)));

        MissingOptions(withoutRow).Should().Equal("AuthKitOptions: `Sessions:StoreTimeout`");
        MissingOptions(withoutRedisRow).Should().Equal("RedisStoreOptions: `KeyPrefix`");
    }

    [Fact]
    public void OptionPaths_CoverNestedClassesAndListElements()
    {
        var paths = OptionPaths(typeof(AuthKitOptions), prefix: null).ToList();

        paths.Should().Contain(["Password:MinimumLength", "Hashing:Iterations", "Throttling:MaxDelay", "Csrf:AllowedOrigins",
            "RateLimit:Window", "Sessions:CookieName", "Keys:N:Id", "Keys:N:Secret"]);
        paths.Should().NotContain(["Password", "Sessions", "Keys"]);
    }

    /// <summary>Every option the document does not name, as "<c>Class: `path`</c>".</summary>
    internal static List<string> MissingOptions(string doc)
    {
        var missing = new List<string>();
        Check(nameof(AuthKitOptions), doc, OptionPaths(typeof(AuthKitOptions), prefix: null));
        Check(nameof(RoutePolicyOptions), Section(doc, "## Route policies"), OptionPaths(typeof(RoutePolicyOptions), prefix: null));
        Check(nameof(SqliteStoreOptions), Section(doc, "## SQLite store"), OptionPaths(typeof(SqliteStoreOptions), prefix: null));
        Check(nameof(RedisStoreOptions), Section(doc, "## Redis stores"), OptionPaths(typeof(RedisStoreOptions), prefix: null));
        Check(nameof(NextJsSessionOptions), Section(doc, "## `NextJs`"), OptionPaths(typeof(NextJsSessionOptions), prefix: "NextJs"));
        Check(nameof(SmtpOptions), Section(doc, "## SMTP"), OptionPaths(typeof(SmtpOptions), prefix: "Smtp"));
        Check(nameof(AuthKit.Passkeys.PasskeyOptions), Section(doc, "## Passkeys"), OptionPaths(typeof(AuthKit.Passkeys.PasskeyOptions), prefix: "Passkeys"));
        return missing;

        void Check(string owner, string text, IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                // The path as a code span, alone or followed by a sub-key (`NextJs:Passwords:N`).
                if (!Regex.IsMatch(text, "`" + Regex.Escape(path) + "(`|:)"))
                {
                    missing.Add($"{owner}: `{path}`");
                }
            }
        }
    }

    /// <summary>
    /// Configuration paths of a class's options: public properties with a public setter or of a collection type;
    /// nested option classes are followed (their own name is a section, not an option), list elements become <c>N</c>.
    /// </summary>
    internal static IEnumerable<string> OptionPaths(Type type, string? prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).OrderBy(p => p.MetadataToken))
        {
            var path = prefix is null ? property.Name : $"{prefix}:{property.Name}";
            var propertyType = property.PropertyType;
            if (IsOptionClass(propertyType))
            {
                foreach (var nested in OptionPaths(propertyType, path))
                {
                    yield return nested;
                }

                continue;
            }

            var element = propertyType.IsGenericType && typeof(IEnumerable).IsAssignableFrom(propertyType) && propertyType != typeof(string)
                ? propertyType.GetGenericArguments()[^1]
                : null;
            if (element is not null && IsOptionClass(element))
            {
                foreach (var nested in OptionPaths(element, path + ":N"))
                {
                    yield return nested;
                }

                continue;
            }

            if (property.SetMethod?.IsPublic == true || element is not null)
            {
                yield return path;
            }
        }
    }

    private static bool IsOptionClass(Type type)
        => type.IsClass && type.Name.EndsWith("Options", StringComparison.Ordinal) && type.Namespace?.StartsWith("AuthKit", StringComparison.Ordinal) == true;

    private static string Section(string doc, string heading)
    {
        var start = doc.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            return string.Empty;
        }

        var end = doc.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return end < 0 ? doc[start..] : doc[start..end];
    }

    private static string ConfigurationDoc()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "docs", "configuration.md");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"docs/configuration.md was not found above {AppContext.BaseDirectory}.");
    }
}
