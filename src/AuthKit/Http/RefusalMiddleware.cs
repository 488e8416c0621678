using AuthKit.Authentication;
using AuthKit.Authorization;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Http;

/// <summary>
/// Turns what AuthKit's secure checks throw anywhere later in the pipeline into answers, never a 500: a guard's
/// <see cref="AuthKitAuthorizationException"/> into 401/403 (or a login redirect for pages), a session store outage
/// into 503 with <c>Retry-After</c>.
/// </summary>
internal sealed class RefusalMiddleware
{
    private readonly RequestDelegate _next;
    private readonly AccessDenial _denial;

    public RefusalMiddleware(RequestDelegate next, AccessDenial denial)
    {
        _next = next;
        _denial = denial;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await _next(context).ConfigureAwait(false);
        }
        catch (AuthKitAuthorizationException ex) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var userId = context.RequestServices.GetService<SessionCheck>()?.ReadCookie(context)?.UserId;
            await _denial.WriteAsync(context, ex.StatusCode, userId).ConfigureAwait(false);
        }
        catch (SessionStoreUnavailableException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await Refusals.WriteStoreUnavailableAsync(context).ConfigureAwait(false);
        }
    }
}
