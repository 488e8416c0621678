using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing.Template;

namespace AuthKit.Authorization;

/// <summary>
/// The route policies of the optimistic check (the Next.js guide's proxy): which routes are protected, public,
/// public-only or ignored, which need a role, where to send anonymous users. Patterns are ASP.NET Core route
/// templates (<c>/dashboard/{**rest}</c>) matched by the framework's <see cref="TemplateMatcher"/>; the first
/// matching rule wins, in the order declared.
/// </summary>
public sealed class RoutePolicyOptions
{
    private readonly List<RouteRule> _rules = [];

    /// <summary>Gets or sets the login page anonymous users are redirected to, with a local <c>returnUrl</c>.</summary>
    /// <value>The default is <c>/login</c>.</value>
    public string LoginPath { get; set; } = "/login";

    /// <summary>Gets or sets where signed-in users are sent from public-only pages and after sign-in.</summary>
    /// <value>The default is <c>/</c>.</value>
    public string LandingPath { get; set; } = "/";

    /// <summary>
    /// Gets or sets what a request that matches no rule gets. Protected fails closed: a route nobody declared
    /// is not left open by accident; declare public routes (and ignore static files) explicitly.
    /// </summary>
    /// <value>The default is <see cref="RouteAccess.Protected"/>.</value>
    public RouteAccess DefaultAccess { get; set; } = RouteAccess.Protected;

    /// <summary>Gets the path prefixes treated as APIs (never redirected; 401/403 problem details instead).</summary>
    /// <value>The default is <c>/api</c>.</value>
    public IList<string> ApiPrefixes { get; } = ["/api"];

    internal IReadOnlyList<RouteRule> Rules => _rules;

    /// <summary>Requires a session on routes matching any of the patterns.</summary>
    /// <param name="patterns">Route templates, for example <c>/dashboard/{**rest}</c>.</param>
    /// <returns>These options.</returns>
    public RoutePolicyOptions Protect(params string[] patterns) => Add(RouteAccess.Protected, null, patterns);

    /// <summary>Leaves routes matching any of the patterns open to everyone.</summary>
    /// <param name="patterns">Route templates.</param>
    /// <returns>These options.</returns>
    public RoutePolicyOptions Public(params string[] patterns) => Add(RouteAccess.Public, null, patterns);

    /// <summary>Routes for anonymous users only (login, sign-up): signed-in users are redirected to <see cref="LandingPath"/>.</summary>
    /// <param name="patterns">Route templates.</param>
    /// <returns>These options.</returns>
    public RoutePolicyOptions PublicOnly(params string[] patterns) => Add(RouteAccess.PublicOnly, null, patterns);

    /// <summary>Requires a session with <paramref name="role"/> on routes matching the pattern (403 otherwise).</summary>
    /// <param name="pattern">A route template.</param>
    /// <param name="role">The role.</param>
    /// <returns>These options.</returns>
    public RoutePolicyOptions RequireRole(string pattern, string role)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        return Add(RouteAccess.Protected, role, [pattern]);
    }

    /// <summary>Makes the middleware skip routes matching any of the patterns (static files, health checks).</summary>
    /// <param name="patterns">Route templates.</param>
    /// <returns>These options.</returns>
    public RoutePolicyOptions Ignore(params string[] patterns) => Add(RouteAccess.Ignored, null, patterns);

    /// <summary>The first rule whose pattern matches <paramref name="path"/>, or <see langword="null"/>. Allocates nothing.</summary>
    internal RouteRule? Match(PathString path)
    {
        foreach (var rule in _rules)
        {
            if (rule.Pattern.Matches(path))
            {
                return rule;
            }
        }

        return null;
    }

    private RoutePolicyOptions Add(RouteAccess access, string? role, string[] patterns)
    {
        ArgumentNullException.ThrowIfNull(patterns);
        foreach (var pattern in patterns)
        {
            ArgumentException.ThrowIfNullOrEmpty(pattern);
            RoutePattern compiled;
            try
            {
                compiled = new RoutePattern(pattern);
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException($"\"{pattern}\" is not a valid route template: {ex.Message}", nameof(patterns), ex);
            }

            _rules.Add(new RouteRule(pattern, access, role, compiled));
        }

        return this;
    }

    internal sealed record RouteRule(string Template, RouteAccess Access, string? Role, RoutePattern Pattern);
}
