using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Secure checks as endpoint filters for minimal APIs and route groups.</summary>
public static class AuthKitEndpointConventionBuilderExtensions
{
    /// <summary>Requires a verified session (the secure check): 401 problem details (or a login redirect for pages) otherwise.</summary>
    /// <typeparam name="TBuilder">An endpoint or route group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireSession<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.WithMetadata(SessionRequirement.Session, Problem(StatusCodes.Status401Unauthorized));
        builder.AddEndpointFilterFactory(static (factory, next) =>
        {
            var check = factory.ApplicationServices.GetRequiredService<SessionCheck>();
            var denial = factory.ApplicationServices.GetRequiredService<AccessDenial>();
            return async context =>
            {
                // The request's secure check (memoised: the authentication middleware has usually run it already). A
                // refusal is an answer, not an exception: the anonymous path stays as cheap as the signed-in one.
                var http = context.HttpContext;
                return await check.VerifyAsync(http, http.RequestAborted).ConfigureAwait(false) is null
                    ? Denied(check, denial, http, StatusCodes.Status401Unauthorized)
                    : await next(context).ConfigureAwait(false);
            };
        });
        return builder;
    }

    /// <summary>
    /// Requires a fresh session (step-up, for sensitive actions): a verified session whose user proved who they are within
    /// <paramref name="maxAge"/> (signed in, or <c>POST …/reauthenticate</c>). 401 without a session; 403 problem details
    /// with <c>code</c> = <c>reauthentication_required</c> when the proof is older, which a front end answers by
    /// asking for the password or a code.
    /// </summary>
    /// <typeparam name="TBuilder">An endpoint or route group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="maxAge">The oldest proof accepted, or <see langword="null"/> for <c>AuthKit:Sessions:FreshFor</c> (10 minutes).</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireFreshSession<TBuilder>(this TBuilder builder, TimeSpan? maxAge = null)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (maxAge is { } age && age <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAge), age, "The maximum age must be positive.");
        }

        builder.WithMetadata(SessionRequirement.Fresh, Problem(StatusCodes.Status401Unauthorized), Problem(StatusCodes.Status403Forbidden));
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var check = factory.ApplicationServices.GetRequiredService<SessionCheck>();
            var denial = factory.ApplicationServices.GetRequiredService<AccessDenial>();
            var options = factory.ApplicationServices.GetRequiredService<IOptions<AuthKit.AuthKitOptions>>().Value.Sessions;
            var time = factory.ApplicationServices.GetRequiredService<TimeProvider>();
            return async context =>
            {
                var http = context.HttpContext;
                if (await check.VerifyAsync(http, http.RequestAborted).ConfigureAwait(false) is not { } session)
                {
                    return Denied(check, denial, http, StatusCodes.Status401Unauthorized);
                }

                return Freshness.IsFresh(session, options, time.GetUtcNow(), maxAge)
                    ? await next(context).ConfigureAwait(false)
                    : new AccessDeniedResult(denial, StatusCodes.Status403Forbidden, session.UserId, Freshness.Required);
            };
        });
        return builder;
    }

    /// <summary>
    /// Requires a verified session whose user has <paramref name="role"/> now (read from the user store, so a removed
    /// role is refused at once): 401 without a session, 403 without the role.
    /// </summary>
    /// <typeparam name="TBuilder">An endpoint or route group builder.</typeparam>
    /// <param name="builder">The builder.</param>
    /// <param name="role">The role.</param>
    /// <returns>The builder.</returns>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string role)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(role);
        builder.WithMetadata(new SessionRequirement(false, role), Problem(StatusCodes.Status401Unauthorized), Problem(StatusCodes.Status403Forbidden));
        builder.AddEndpointFilterFactory((factory, next) =>
        {
            var check = factory.ApplicationServices.GetRequiredService<SessionCheck>();
            var denial = factory.ApplicationServices.GetRequiredService<AccessDenial>();
            return async context =>
            {
                var http = context.HttpContext;
                if (await check.VerifyAsync(http, http.RequestAborted).ConfigureAwait(false) is not { } session)
                {
                    return Denied(check, denial, http, StatusCodes.Status401Unauthorized);
                }

                // Current roles from the user store, through the request's guard (which memoises the user; a user who no
                // longer exists is refused by it with 401).
                var viewer = await http.RequestServices.GetRequiredService<IAuthGuard>().GetViewerAsync(http.RequestAborted).ConfigureAwait(false);
                return viewer.IsInRole(role)
                    ? await next(context).ConfigureAwait(false)
                    : new AccessDeniedResult(denial, StatusCodes.Status403Forbidden, session.UserId);
            };
        });
        return builder;
    }

    private static AccessDeniedResult Denied(SessionCheck check, AccessDenial denial, HttpContext http, int status) => new(denial, status, check.ReadCookie(http)?.UserId);

    // A problem answer the endpoint may give, for API descriptions.
    private static ProducesResponseTypeMetadata Problem(int status) => new(status, typeof(ProblemDetails), ["application/problem+json"]);
}

/// <summary>Marks an endpoint that needs a session (API descriptions show the session cookie as its security requirement).</summary>
/// <param name="IsFresh">Whether a fresh session is needed.</param>
/// <param name="Role">The role needed, if any.</param>
internal sealed record SessionRequirement(bool IsFresh, string? Role)
{
    public static readonly SessionRequirement Session = new(false, null);
    public static readonly SessionRequirement Fresh = new(true, null);
}
