using AuthKit.NextJs;
using AuthKit.NextJs.Internal;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>Registers the Next.js session formats.</summary>
public static class AuthKitNextJsBuilderExtensions
{
    /// <summary>
    /// Makes stateless sessions use a cookie a Next.js app shares (the guide's jose JWT or an iron-session seal),
    /// configured in code. Use with <c>AddStatelessSessions()</c>; expiry, renewal and the revocation list still apply.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configure">Sets the format, the secret or passwords, and the payload mapping.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseNextJsSessions(this AuthKitBuilder builder, Action<NextJsSessionOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        Register(builder);
        builder.Services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Makes stateless sessions use a cookie a Next.js app shares, bound from configuration (usually <c>AuthKit:NextJs</c>).
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configuration">The section holding <see cref="NextJsSessionOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseNextJsSessions(this AuthKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        Register(builder);
        builder.Services.AddOptions<NextJsSessionOptions>().Bind(configuration);
        return builder;
    }

    private static void Register(AuthKitBuilder builder)
    {
        builder.Services.AddOptions<NextJsSessionOptions>().ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<NextJsSessionOptions>, NextJsSessionOptionsValidator>());
        builder.UseSessionCookieFormat<NextJsCookieFormat>();
    }
}
