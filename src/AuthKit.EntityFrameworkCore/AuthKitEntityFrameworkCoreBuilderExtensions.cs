using System.Diagnostics.CodeAnalysis;
using AuthKit.EntityFrameworkCore;
using AuthKit.Sessions.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit;

/// <summary>Puts AuthKit's state in the application's EF Core <see cref="DbContext"/>.</summary>
public static class AuthKitEntityFrameworkCoreBuilderExtensions
{
    /// <summary>
    /// Keeps AuthKit's state (database sessions, the stateless revocation list, throttle counters, one-time tokens and
    /// the passkey challenges kept as such) in <typeparamref name="TContext"/>, whose model calls
    /// <see cref="AuthKitModelBuilderExtensions.AddAuthKit"/>. Register the context with
    /// <c>AddDbContextFactory&lt;TContext&gt;(…)</c>: the stores are singletons and take a context per operation.
    /// </summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <param name="builder">The AuthKit builder.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseEntityFrameworkCore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(this AuthKitBuilder builder)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionStore, EfSessionStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<AuthKit.Sessions.Stateless.ISessionRevocationStore, EfRevocationStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<AuthKit.Credentials.Throttling.IThrottleStore, EfThrottleStore<TContext>>());
        builder.Services.Replace(ServiceDescriptor.Singleton<AuthKit.Tokens.IOneTimeTokenStore, EfOneTimeTokenStore<TContext>>());
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<AuthKitOptions>, ContextFactoryCheck<TContext>>());
        return builder;
    }

    /// <summary>
    /// Uses the ready-made user store on <typeparamref name="TContext"/> (whose model calls
    /// <see cref="AuthKitModelBuilderExtensions.AddAuthKitUsers{TUser}"/>): <see cref="Credentials.IUserStore"/> and every
    /// optional user-store contract (verified address, second factor, external logins, passkeys).
    /// </summary>
    /// <typeparam name="TContext">The application's context.</typeparam>
    /// <typeparam name="TUser">The user class: <see cref="AuthKitUser"/> or one derived from it.</typeparam>
    /// <param name="builder">The AuthKit builder.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseEntityFrameworkCoreUsers<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext, [DynamicallyAccessedMembers(EntityMembers.Required)] TUser>(this AuthKitBuilder builder)
        where TContext : DbContext
        where TUser : AuthKitUser, new()
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Options.IValidateOptions<AuthKitOptions>, ContextFactoryCheck<TContext>>());
        return builder.AddUserStore<EfUserStore<TContext, TUser>>();
    }

    /// <summary>Start-up: the stores take contexts from the app's factory; without one, say how to register it.</summary>
    private sealed class ContextFactoryCheck<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IServiceProvider services) : Microsoft.Extensions.Options.IValidateOptions<AuthKitOptions>
        where TContext : DbContext
    {
        public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, AuthKitOptions options)
            => services.GetService<IServiceProviderIsService>()?.IsService(typeof(IDbContextFactory<TContext>)) == true
                ? Microsoft.Extensions.Options.ValidateOptionsResult.Success
                : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(
                    $"AuthKit's EF Core stores take contexts from IDbContextFactory<{typeof(TContext).Name}>: register it with services.AddDbContextFactory<{typeof(TContext).Name}>(o => o.UseNpgsql(…)) (it registers the context too).");
    }
}
