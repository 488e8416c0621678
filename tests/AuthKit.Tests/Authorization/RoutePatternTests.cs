using AuthKit.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AuthKit.Tests.Authorization;

/// <summary>The route policies' own matcher agrees with the framework's <see cref="TemplateMatcher"/>, without allocating.</summary>
public sealed class RoutePatternTests
{
    private static readonly string[] Templates =
    [
        "/", "/login", "/dashboard/{**rest}", "/api/{**rest}", "/api/users/{id}", "/api/users/{id?}", "/files/{*path}",
        "/a/{b}/c", "/x/{y=5}", "/Admin/{**rest}", "/{slug}", "/api/{version}/items/{**rest}", "/assets/{name}.{ext}",
        "/health", "/static/{**rest}", "api/auth/{**rest}",
    ];

    private static readonly string[] Paths =
    [
        "/", "", "/login", "/LOGIN", "/login/", "/login/x", "/dashboard", "/dashboard/", "/dashboard/a/b", "/api", "/api/",
        "/api/users", "/api/users/", "/api/users/1", "/api/users/1/", "/api/users/1/2", "/files", "/files/a/b.txt", "/a/b/c",
        "/a//c", "/a/b/c/", "/x", "/x/1", "/x/1/2", "/admin/x", "//", "/dashboard//x", "/pages/admin.html", "/api/v1/items",
        "/api/v1/items/3/4", "/assets/app.css", "/assets/app", "/health/", "/healthz", "/static", "/api/auth/login", "/ünïcode/ö",
    ];

    public static TheoryData<string> AllTemplates()
    {
        var data = new TheoryData<string>();
        foreach (var template in Templates)
        {
            data.Add(template);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllTemplates))]
    public void Matches_AgreesWithTheFrameworksTemplateMatcher(string template)
    {
        var ours = new RoutePattern(template);
        var framework = new TemplateMatcher(TemplateParser.Parse(template), new RouteValueDictionary());

        foreach (var path in Paths)
        {
            ours.Matches(new PathString(path)).Should().Be(framework.TryMatch(new PathString(path), new RouteValueDictionary()), $"\"{template}\" against \"{path}\"");
        }
    }

    [Fact]
    public void Match_AmongTwentyRules_AllocatesNothing()
    {
        var options = new RoutePolicyOptions();
        for (var i = 0; i < 18; i++)
        {
            options.Protect($"/section{i}/{{**rest}}");
        }

        options.Public("/", "/api/users/{id}");
        var hit = new PathString("/api/users/42");
        var miss = new PathString("/nowhere/at/all");
        options.Match(hit);

        var found = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            found += options.Match(hit) is null ? 0 : 1;
            found += options.Match(miss) is null ? 0 : 1;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        found.Should().Be(1000, "every hit matched, no miss did");
        allocated.Should().Be(0);
    }
}
