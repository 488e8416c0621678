using AuthKit.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

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
        builder.AddEndpointFilter(static async (context, next) =>
        {
            await context.HttpContext.RequestServices.GetRequiredService<IAuthGuard>().RequireSessionAsync(context.HttpContext.RequestAborted).ConfigureAwait(false);
            return await next(context).ConfigureAwait(false);
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
        builder.AddEndpointFilter(async (context, next) =>
        {
            await context.HttpContext.RequestServices.GetRequiredService<IAuthGuard>().RequireRoleAsync(role, context.HttpContext.RequestAborted).ConfigureAwait(false);
            return await next(context).ConfigureAwait(false);
        });
        return builder;
    }
}
