using AuthKit.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Http.Features.Authentication;

namespace AuthKit.Authentication;

/// <summary>
/// ASP.NET Core's authentication middleware, doing what <c>UseAuthentication()</c> does (remote handlers first, then the
/// default scheme, whose result becomes <c>HttpContext.User</c> and the authenticate-result feature), except that when
/// the default scheme is AuthKit's it runs the secure check itself instead of creating a handler for every request:
/// most requests carry no cookie, and the handler (with its options, logger and encoder) would cost more than the check.
/// Any other default scheme, and every explicit <c>AuthenticateAsync</c>, challenge and forbid, still go through handlers.
/// </summary>
internal sealed partial class AuthKitAuthenticationMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IAuthenticationSchemeProvider _schemes;
    private readonly SessionCheck? _check;

    public AuthKitAuthenticationMiddleware(RequestDelegate next, IAuthenticationSchemeProvider schemes, IServiceProvider services)
    {
        _next = next;
        _schemes = schemes;

        // Registered with AuthKit's scheme (AddSessions); without it, AuthKit's scheme cannot be the default either.
        _check = services.GetService<SessionCheck>();
    }

    public async Task InvokeAsync(HttpContext context)
    {
        context.Features.Set<IAuthenticationFeature>(new AuthenticationFeature
        {
            OriginalPath = context.Request.Path,
            OriginalPathBase = context.Request.PathBase,
        });

        // Remote handlers (OpenID Connect callbacks and the like) may answer the request themselves.
        var requestHandlers = await _schemes.GetRequestHandlerSchemesAsync().ConfigureAwait(false);
        if (requestHandlers.Any())
        {
            var handlers = context.RequestServices.GetRequiredService<IAuthenticationHandlerProvider>();
            foreach (var scheme in requestHandlers)
            {
                if (await handlers.GetHandlerAsync(context, scheme.Name).ConfigureAwait(false) is IAuthenticationRequestHandler handler
                    && await HandleRemoteAsync(context, handler).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        var defaultScheme = await _schemes.GetDefaultAuthenticateSchemeAsync().ConfigureAwait(false);
        if (defaultScheme is not null)
        {
            var result = defaultScheme.Name == AuthKitDefaults.AuthenticationScheme && _check is not null
                ? await AuthKitAuthenticationHandler.AuthenticateAsync(_check, context, context.RequestAborted).ConfigureAwait(false)
                : await context.AuthenticateAsync(defaultScheme.Name).ConfigureAwait(false);
            if (result?.Principal is not null)
            {
                context.User = result.Principal;
            }

            if (result?.Succeeded == true)
            {
                var features = new AuthenticationFeatures(result);
                context.Features.Set<IHttpAuthenticationFeature>(features);
                context.Features.Set<IAuthenticateResultFeature>(features);
            }
        }

        await _next(context).ConfigureAwait(false);
    }

    /// <summary>
    /// A remote handler's callback. With external sign-in on, a provider that refused (<c>access_denied</c>), failed or
    /// timed out, and a tampered or replayed callback (state, correlation, nonce) end on the external sign-in error page
    /// with <c>external_failed</c> instead of the handler's unhandled exception (a 500).
    /// </summary>
    private static async Task<bool> HandleRemoteAsync(HttpContext context, IAuthenticationRequestHandler handler)
    {
        try
        {
            return await handler.HandleRequestAsync().ConfigureAwait(false);
        }
        catch (AuthenticationFailureException exception) when (context.RequestServices.GetService<External.ExternalLoginFeature>() is not null && !context.Response.HasStarted)
        {
            var services = context.RequestServices;
            Log.RemoteFailed(services.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AuthKitAuthenticationMiddleware>>(), exception.InnerException?.Message ?? exception.Message);
            await services.GetRequiredService<Events.AuthKitEvents>().RaiseAsync(Events.AuthKitEventType.ExternalSignInFailed, context, null, context.RequestAborted).ConfigureAwait(false);
            var error = Endpoints.ExternalEndpointHandlers.Error(
                context,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AuthKitOptions>>().Value.ExternalLogins,
                services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Authorization.RoutePolicyOptions>>().Value,
                Credentials.AuthKitErrorCodes.ExternalFailed);
            await error.ExecuteAsync(context).ConfigureAwait(false);
            return true;
        }
    }

    private static partial class Log
    {
        [Microsoft.Extensions.Logging.LoggerMessage(EventId = 7202, Level = Microsoft.Extensions.Logging.LogLevel.Warning, Message = "An external provider's callback failed: {Reason}")]
        public static partial void RemoteFailed(Microsoft.Extensions.Logging.ILogger logger, string reason);
    }

    private sealed class AuthenticationFeature : IAuthenticationFeature
    {
        public PathString OriginalPathBase { get; set; }

        public PathString OriginalPath { get; set; }
    }

    private sealed class AuthenticationFeatures(AuthenticateResult result) : IHttpAuthenticationFeature, IAuthenticateResultFeature
    {
        private AuthenticateResult? _result = result;
        private System.Security.Claims.ClaimsPrincipal? _user = result.Principal;

        public AuthenticateResult? AuthenticateResult
        {
            get => _result;
            set
            {
                _result = value;
                _user = value?.Principal;
            }
        }

        public System.Security.Claims.ClaimsPrincipal? User
        {
            get => _user;
            set
            {
                _user = value;
                _result = null;
            }
        }
    }
}
