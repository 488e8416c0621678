using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit;

/// <summary>
/// Configures AuthKit after <c>services.AddAuthKit()</c>. Every method registers what it names and returns
/// the same builder, so calls chain.
/// </summary>
public sealed class AuthKitBuilder
{
    internal AuthKitBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection AuthKit registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers the application's user store (scoped, so it may use a <c>DbContext</c>).</summary>
    /// <typeparam name="TStore">The application's <see cref="IUserStore"/> implementation.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddUserStore<TStore>()
        where TStore : class, IUserStore
    {
        Services.Replace(ServiceDescriptor.Scoped<IUserStore, TStore>());
        return this;
    }

    /// <summary>Replaces the password hasher (the default is PBKDF2-HMAC-SHA256 with Identity V2/V3 compatibility).</summary>
    /// <typeparam name="THasher">The hasher; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UsePasswordHasher<THasher>()
        where THasher : class, IPasswordHasher
    {
        Services.Replace(ServiceDescriptor.Singleton<IPasswordHasher, THasher>());
        return this;
    }

    /// <summary>Replaces the throttle store (the default keeps counters in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseThrottleStore<TStore>()
        where TStore : class, IThrottleStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IThrottleStore, TStore>());
        return this;
    }

    /// <summary>Adds a configuration step for <see cref="AuthKitOptions"/>.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AuthKitBuilder Configure(Action<AuthKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }
}
