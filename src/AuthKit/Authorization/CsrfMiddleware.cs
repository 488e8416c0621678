using AuthKit.Events;
using AuthKit.Http;
using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Authorization;

/// <summary>
/// The CSRF origin check (ASVS 3.5.1–3.5.3): an unsafe request (POST, PUT, PATCH, DELETE) that carries a cookie AuthKit
/// authenticates with, and every unsafe request to AuthKit's own endpoints (login CSRF), must come from this site: a
/// same-origin <c>Origin</c> (or one of <see cref="CsrfOptions.AllowedOrigins"/>), or <c>Sec-Fetch-Site: same-origin</c>
/// when <c>Origin</c> is absent. Anything else gets 403 and changes nothing.
/// </summary>
internal sealed partial class CsrfMiddleware
{
    private readonly RequestDelegate _next;
    private readonly CsrfOptions _options;
    private readonly string[] _cookieNames;
    private readonly AuthKitEvents _events;
    private readonly ILogger<CsrfMiddleware> _logger;

    public CsrfMiddleware(RequestDelegate next, IOptions<AuthKitOptions> options, IEnumerable<IAuthKitCookie> cookies, AuthKitEvents events, ILogger<CsrfMiddleware> logger)
    {
        _next = next;
        _options = options.Value.Csrf;

        // The cookies AuthKit actually reads (a Next.js format names its own), not a configured name.
        _cookieNames = [.. cookies.Select(static c => c.Name).Distinct(StringComparer.Ordinal)];
        _events = events;
        _logger = logger;
    }

    public Task InvokeAsync(HttpContext context) => IsSameOriginOrSafe(context) ? _next(context) : RefuseAsync(context);

    private async Task RefuseAsync(HttpContext context)
    {
        Log.CrossSiteRefused(_logger, context.Request.Method, context.Request.Path.Value ?? string.Empty);
        await _events.RaiseAsync(AuthKitEventType.CrossSiteRequestRefused, context, null, context.RequestAborted).ConfigureAwait(false);
        await Refusals.WriteProblemAsync(context, StatusCodes.Status403Forbidden, "Cross-site request refused.", "Unsafe requests must come from this site (Origin or Sec-Fetch-Site).").ConfigureAwait(false);
    }

    private bool IsSameOriginOrSafe(HttpContext context)
    {
        var request = context.Request;
        if (!_options.Enabled || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method)
            || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method))
        {
            return true;
        }

        // Only cookie-authenticated requests can be forged, plus AuthKit's own endpoints (login CSRF), which routing
        // has already recognised by their metadata.
        if (!HasAuthKitCookie(request) && context.GetEndpoint()?.Metadata.GetMetadata<AuthKitEndpointMetadata>() is null)
        {
            return true;
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0)
        {
            var own = $"{request.Scheme}://{request.Host.Value}";
            return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
                || _options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
        }

        // No Origin (some same-origin navigations): fall back to Fetch Metadata; absent both, refuse.
        return request.Headers["Sec-Fetch-Site"] == "same-origin";
    }

    private bool HasAuthKitCookie(HttpRequest request)
    {
        foreach (var name in _cookieNames)
        {
            if (CookieHeader.Contains(request, name))
            {
                return true;
            }
        }

        return false;
    }

    private static partial class Log
    {
        // Debug: the CrossSiteRequestRefused event (4008) carries the warning, sampled, so a flood cannot flood the log.
        [LoggerMessage(EventId = 5001, Level = LogLevel.Debug, Message = "Cross-site {Method} {Path} refused (CSRF check).")]
        public static partial void CrossSiteRefused(ILogger logger, string method, string path);
    }
}

/// <summary>Marks AuthKit's own endpoints (<c>MapAuthKitEndpoints</c>), so the CSRF check applies to them without a cookie.</summary>
internal sealed class AuthKitEndpointMetadata
{
    public static readonly AuthKitEndpointMetadata Instance = new();
}
