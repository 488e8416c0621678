using AuthKit.Events;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthKit.Authorization;

/// <summary>
/// AuthKit's request gate, before authentication: turns guard exceptions into 401/403/503 answers (never 500),
/// refuses cross-site unsafe requests (CSRF), and applies the route policies optimistically (cookie only, no I/O).
/// </summary>
internal sealed partial class AuthKitMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly IOptions<RoutePolicyOptions> _routes;
    private readonly AuthKitEndpointMarker _endpoints;
    private readonly string[] _cookieNames;
    private readonly ILogger<AuthKitMiddleware> _logger;

    public AuthKitMiddleware(RequestDelegate next, IOptions<AuthKitOptions> options, IOptions<RoutePolicyOptions> routes, IServiceProvider services, ILogger<AuthKitMiddleware> logger)
    {
        _next = next;
        _options = options;
        _routes = routes;
        _endpoints = services.GetRequiredService<AuthKitEndpointMarker>();
        _cookieNames = [.. services.GetServices<IAuthKitCookie>().Select(static c => c.Name).Distinct(StringComparer.Ordinal)];
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsSameOriginOrSafe(context))
        {
            Log.CrossSiteRefused(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty);
            await Events(context).RaiseAsync(AuthKitEventType.CrossSiteRequestRefused, context, null, context.RequestAborted).ConfigureAwait(false);
            await AuthKitResponses.ProblemAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.", "Unsafe requests must come from this site (Origin or Sec-Fetch-Site).").ConfigureAwait(false);
            return;
        }

        if (await ApplyRoutePolicyAsync(context).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (AuthKitAuthorizationException ex) when (!context.Response.HasStarted)
        {
            await DenyAsync(context, ex.StatusCode).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException) when (!context.Response.HasStarted)
        {
            await AuthKitResponses.UnavailableAsync(context).ConfigureAwait(false);
        }
    }

    private async Task DenyAsync(HttpContext context, int status)
    {
        context.Response.Clear();
        var userId = context.RequestServices.GetRequiredService<ISessionManager>().ReadCookie(context)?.UserId;
        await Events(context).RaiseAsync(AuthKitEventType.AccessDenied, context, userId, context.RequestAborted).ConfigureAwait(false);
        await (status == StatusCodes.Status403Forbidden
            ? AuthKitResponses.ForbiddenAsync(context, _routes.Value)
            : AuthKitResponses.UnauthorizedAsync(context, _routes.Value)).ConfigureAwait(false);
    }

    /// <summary>Returns <see langword="true"/> when the policy answered the request.</summary>
    private async Task<bool> ApplyRoutePolicyAsync(HttpContext context)
    {
        var routes = _routes.Value;
        if (routes.Rules.Count == 0)
        {
            return false; // AddRoutePolicies was not called
        }

        var rule = routes.Match(context.Request.Path);
        var access = rule?.Access ?? routes.DefaultAccess;
        if (access is RouteAccess.Ignored or RouteAccess.Public)
        {
            return false;
        }

        // What a protected or public-only route answers depends on who asks: never let a browser or proxy
        // cache it (a cached dashboard would still show after sign-out). An endpoint may set its own policy.
        context.Response.OnStarting(static state =>
        {
            var response = (HttpResponse)state;
            if (!response.Headers.ContainsKey(HeaderNames.CacheControl))
            {
                response.Headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, context.Response);

        // Optimistic: the cookie alone, decrypted and unexpired; no store or revocation-list I/O.
        // AuthKit's own manager answers with the opened ticket, without building an AuthSession.
        var sessions = context.RequestServices.GetRequiredService<ISessionManager>();
        var roles = sessions is SessionManager manager ? manager.ReadTicket(context)?.Roles : sessions.ReadCookie(context)?.Roles;
        switch (access)
        {
            case RouteAccess.PublicOnly when roles is not null:
                context.Response.Redirect(routes.LandingPath);
                return true;
            case RouteAccess.Protected when roles is null:
                await DenyAsync(context, StatusCodes.Status401Unauthorized).ConfigureAwait(false);
                return true;
            case RouteAccess.Protected when rule?.Role is { } role && !HasRole(roles, role):
                await DenyAsync(context, StatusCodes.Status403Forbidden).ConfigureAwait(false);
                return true;
            default:
                return false;
        }
    }

    private static bool HasRole(IReadOnlyList<string> roles, string role)
    {
        foreach (var held in roles)
        {
            if (string.Equals(held, role, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsSameOriginOrSafe(HttpContext context)
    {
        var options = _options.Value;
        var request = context.Request;
        if (!options.Csrf.Enabled || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return true;
        }

        // Only cookie-authenticated requests can be forged, plus AuthKit's own endpoints (login CSRF). The cookies are
        // the ones AuthKit actually reads (a Next.js format names its own), not a configured name.
        var hasCookie = HasAuthKitCookie(request);
        var isAuthKitEndpoint = _endpoints.Prefix is { } prefix && request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase);
        if (!hasCookie && !isAuthKitEndpoint)
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            var own = $"{request.Scheme}://{request.Host.Value}";
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
                || options.Csrf.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        }

        // No Origin (some same-origin navigations): fall back to Fetch Metadata; absent both, refuse.
        return request.Headers["Sec-Fetch-Site"] == "same-origin";
    }

    private bool HasAuthKitCookie(HttpRequest request)
    {
        foreach (var name in _cookieNames)
        {
            if (request.Cookies.ContainsKey(name))
            {
                return true;
            }
        }

        return false;
    }

    private static AuthKitEvents Events(HttpContext context) => context.RequestServices.GetRequiredService<AuthKitEvents>();

    private static partial class Log
    {
        // Debug: the CrossSiteRequestRefused event (4008) carries the warning, sampled, so a flood cannot flood the log.
        [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Cross-site {Method} {Path} refused (CSRF check).")]
        public static partial void CrossSiteRefused(ILogger logger, string method, string path);
    }
}

/// <summary>Where AuthKit's endpoints live, set by <c>MapAuthKitEndpoints</c> (null until then).</summary>
internal sealed class AuthKitEndpointMarker
{
    public PathString? Prefix { get; set; }
}
