using AuthKit.Credentials;
using AuthKit.Events;
using AuthKit.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuthKit.Authorization;

/// <summary>
/// Refuses a request that may not proceed (401: no session, 403: not allowed), the same way wherever the refusal comes
/// from (a route policy, <c>.RequireSession()</c>/<c>.RequireRole()</c>, a guard exception): the <c>AccessDenied</c>
/// event, then problem details for APIs, or for pages a login redirect with a local <c>returnUrl</c> (401) or a bare 403
/// the app's status-code pages can render.
/// </summary>
internal sealed class AccessDenial
{
    private readonly AuthKitEvents _events;
    private readonly IOptions<RoutePolicyOptions> _routes;

    public AccessDenial(AuthKitEvents events, IOptions<RoutePolicyOptions> routes)
    {
        _events = events;
        _routes = routes;
    }

    /// <summary>Writes the refusal.</summary>
    /// <param name="context">The request.</param>
    /// <param name="status">401 or 403.</param>
    /// <param name="userId">The user the cookie names, if any (a signed-in user's refusal is worth a warning; an anonymous one is routine).</param>
    /// <param name="reason">A machine-readable reason (for example <c>reauthentication_required</c>), or <see langword="null"/>.</param>
    public async Task WriteAsync(HttpContext context, int status, string? userId, AuthKitError? reason = null)
    {
        await _events.RaiseAsync(AuthKitEventType.AccessDenied, context, userId, context.RequestAborted).ConfigureAwait(false);
        var routes = _routes.Value;
        if (ApiRequest.Is(context, routes))
        {
            if (reason is not null)
            {
                Refusals.NoStore(context.Response);
                await Refusals.Coded(status, status == StatusCodes.Status403Forbidden ? "Access denied." : "Sign-in required.", reason).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await (status == StatusCodes.Status403Forbidden
                ? Refusals.WriteProblemAsync(context, status, "Access denied.", "The signed-in user may not use this resource.")
                : Refusals.WriteProblemAsync(context, status, "Sign-in required.", "This resource needs a signed-in session.")).ConfigureAwait(false);
            return;
        }

        Refusals.NoStore(context.Response);
        if (status == StatusCodes.Status403Forbidden)
        {
            // A bare 403: the app's status-code pages (UseStatusCodePages…) render its own "access denied" page.
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return;
        }

        // Only the local path and query go into returnUrl (ASVS 3.7.2): never a host.
        var returnUrl = context.Request.PathBase + context.Request.Path + context.Request.QueryString;
        context.Response.Redirect($"{routes.LoginPath}?returnUrl={Uri.EscapeDataString(returnUrl)}");
    }
}

/// <summary>An endpoint filter's refusal, written by <see cref="AccessDenial"/> (no exception on the refusal path).</summary>
internal sealed class AccessDeniedResult(AccessDenial denial, int status, string? userId, AuthKitError? reason = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) => denial.WriteAsync(httpContext, status, userId, reason);
}
