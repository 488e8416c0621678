using AuthKit.Authorization;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Template;

namespace AuthKit.Benchmarks;

/// <summary>
/// The route-policy decision of every request: 20 declared patterns, a path that matches the last one and a path that
/// matches none (the fail-closed default), against the framework's TemplateMatcher the policies used before.
/// </summary>
[MemoryDiagnoser]
public class RoutePolicyBenchmarks
{
    private static readonly PathString Hit = new("/api/users/42");
    private static readonly PathString Miss = new("/nowhere/at/all");
    private readonly RoutePolicyOptions _options = new();
    private readonly List<TemplateMatcher> _templateMatchers = [];

    [GlobalSetup]
    public void Setup()
    {
        string[] patterns = [.. Enumerable.Range(0, 18).Select(i => $"/section{i}/{{**rest}}"), "/", "/api/users/{id}"];
        foreach (var pattern in patterns)
        {
            _options.Public(pattern);
            _templateMatchers.Add(new TemplateMatcher(TemplateParser.Parse(pattern), new RouteValueDictionary()));
        }
    }

    [Benchmark(Description = "AuthKit route policies: hit (20th pattern)")]
    public bool PoliciesHit() => _options.Match(Hit) is not null;

    [Benchmark(Description = "AuthKit route policies: miss (all 20)")]
    public bool PoliciesMiss() => _options.Match(Miss) is not null;

    [Benchmark(Baseline = true, Description = "TemplateMatcher, as before: hit (20th pattern)")]
    public bool TemplateMatcherHit() => MatchWithTemplateMatcher(Hit);

    [Benchmark(Description = "TemplateMatcher, as before: miss (all 20)")]
    public bool TemplateMatcherMiss() => MatchWithTemplateMatcher(Miss);

    private bool MatchWithTemplateMatcher(PathString path)
    {
        var values = new RouteValueDictionary();
        foreach (var matcher in _templateMatchers)
        {
            values.Clear();
            if (matcher.TryMatch(path, values))
            {
                return true;
            }
        }

        return false;
    }
}
