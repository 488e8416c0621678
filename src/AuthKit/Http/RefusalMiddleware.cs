using AuthKit.Authorization;
using AuthKit.Credentials;
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
    private readonly SessionCheck? _check;

    public RefusalMiddleware(RequestDelegate next, AccessDenial denial, IServiceProvider services)
    {
        _next = next;
        _denial = denial;
        _check = services.GetService<SessionCheck>();
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Most requests complete without an await: then no state machine is allocated for the try/catch.
        Task next;
        try
        {
            next = _next(context);
        }
        catch (Exception ex) when (IsRefusal(ex, context))
        {
            return RefuseAsync(context, ex);
        }

        return next.IsCompletedSuccessfully ? Task.CompletedTask : AwaitAsync(next, context);
    }

    private async Task AwaitAsync(Task next, HttpContext context)
    {
        try
        {
            await next.ConfigureAwait(false);
        }
        catch (Exception ex) when (IsRefusal(ex, context))
        {
            await RefuseAsync(context, ex).ConfigureAwait(false);
        }
    }

    private static bool IsRefusal(Exception ex, HttpContext context)
        => ex is AuthKitAuthorizationException or SessionStoreUnavailableException && !context.Response.HasStarted;

    private Task RefuseAsync(HttpContext context, Exception ex)
    {
        context.Response.Clear();
        if (ex is AuthKitAuthorizationException denied)
        {
            var userId = _check?.ReadCookie(context)?.UserId;
            return _denial.WriteAsync(context, denied.StatusCode, userId, denied.ErrorCode is { } code ? new AuthKitError(code, denied.Message) : null);
        }

        return Refusals.WriteStoreUnavailableAsync(context);
    }
}
