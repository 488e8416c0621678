using AuthKit.Authentication;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Authorization;

/// <summary>The answers AuthKit gives when a request may not proceed: problem details for APIs, redirects or bare statuses for pages.</summary>
internal static class AuthKitResponses
{
    public static Task UnauthorizedAsync(HttpContext context, RoutePolicyOptions routes)
    {
        if (ApiRequest.Is(context, routes))
        {
            return ProblemAsync(context, StatusCodes.Status401Unauthorized, "Sign-in required.", "This resource needs a signed-in session.");
        }

        // Only the local path and query go into returnUrl (ASVS 3.7.2): never a host.
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{routes.LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return Task.CompletedTask;
    }

    public static Task ForbiddenAsync(HttpContext context, RoutePolicyOptions routes)
    {
        if (ApiRequest.Is(context, routes))
        {
            return ProblemAsync(context, StatusCodes.Status403Forbidden, "Access denied.", "The signed-in user may not use this resource.");
        }

        // A bare 403: the app's status-code pages (UseStatusCodePages…) render its own "access denied" page.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }

    public static Task UnavailableAsync(HttpContext context) => StoreUnavailableResponse.WriteAsync(context);

    public static Task ProblemAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.Headers.CacheControl = "no-store";
        return Results.Problem(statusCode: status, title: title, detail: detail).ExecuteAsync(context);
    }
}
