using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace AuthKit.Authorization;

/// <summary>Decides whether a request is an API call (answer 401/403) or a page visit (redirect).</summary>
internal static class ApiRequest
{
    public static bool Is(HttpContext context, RoutePolicyOptions options)
    {
        var path = context.Request.Path;
        foreach (var prefix in options.ApiPrefixes)
        {
            if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<IDisableCookieRedirectMetadata>() is not null)
        {
            return true;
        }

        // A client that asks for JSON and not for HTML is a script, not a browser navigation.
        var accept = context.Request.Headers.Accept.ToString();
        return accept.Contains("json", StringComparison.OrdinalIgnoreCase)
            && !accept.Contains("text/html", StringComparison.OrdinalIgnoreCase)
            || context.Request.Headers[HeaderNames.XRequestedWith] == "XMLHttpRequest";
    }
}
