using AuthKit;
using AuthKit.Credentials;
using AuthKit.Diagnostics;
using AuthKit.Credentials.Hashing;
using AuthKit.Credentials.Throttling;
using AuthKit.Authorization;
using AuthKit.Endpoints;
using AuthKit.Events;
using AuthKit.Internal;
using AuthKit.Mapping;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers AuthKit.</summary>
public static class AuthKitServiceCollectionExtensions
{
    /// <summary>Adds AuthKit with default options. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>A builder to add the user store and features.</returns>
    public static AuthKitBuilder AddAuthKit(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);

        services.AddOptions<AuthKitOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthKitOptions>, AuthKitOptionsValidator>());
        services.AddLogging();
        services.TryAddSingleton(TimeProvider.System);

        services.TryAddSingleton<IPasswordHasher, Pbkdf2PasswordHasher>();
        services.TryAddSingleton<PasswordHashingGate>();
        services.TryAddSingleton<FloodWarnings>();
        services.TryAddSingleton<DummyPasswordHash>();
        services.TryAddSingleton<PasswordPolicy>();
        services.TryAddSingleton<IThrottleStore, InMemoryThrottleStore>();
        services.TryAddSingleton<LoginThrottler>();
        services.TryAddScoped<ICredentialVerifier, CredentialVerifier>();
        services.TryAddScoped<IAccountRegistrar, AccountRegistrar>();
        services.TryAddScoped<PasswordChange>();

        // Requests: events and metrics, the JSON secret safety net, the endpoints' rate limit, route policies.
        services.AddMetrics();
        services.AddHttpContextAccessor();
        services.AddOptions<RoutePolicyOptions>();
        services.TryAddSingleton<AuthKitEvents>();
        services.TryAddSingleton<AccessDenial>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>, SecretJsonOptionsSetup>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<Microsoft.AspNetCore.Mvc.JsonOptions>, SecretJsonOptionsSetup>());

        // AuthKit's answers (and the members its refusals add to problem details) through source-generated JSON, first
        // in the chain: a native AOT app writes them, and describes them in its OpenAPI document, without reflection.
        services.ConfigureHttpJsonOptions(static o =>
        {
            if (!o.SerializerOptions.TypeInfoResolverChain.Contains(AuthKitJsonContext.Default))
            {
                o.SerializerOptions.TypeInfoResolverChain.Insert(0, AuthKitJsonContext.Default);
            }
        });
        if (!services.Any(d => d.ServiceType == typeof(AuthKitRateLimiterPolicy)))
        {
            services.AddSingleton<AuthKitRateLimiterPolicy>();
            services.AddRateLimiter(o => o.AddPolicy<string, AuthKitRateLimiterPolicy>(AuthKitRateLimiterPolicy.Name));
        }

        return new AuthKitBuilder(services);
    }

    /// <summary>Adds AuthKit and configures its options in code. Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">Changes the options.</param>
    /// <returns>A builder to add the user store and features.</returns>
    public static AuthKitBuilder AddAuthKit(this IServiceCollection services, Action<AuthKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddAuthKit().Configure(configure);
    }

    /// <summary>Adds AuthKit and binds its options from configuration (usually the <c>AuthKit</c> section). Safe to call more than once.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration section holding AuthKit's options.</param>
    /// <returns>A builder to add the user store and features.</returns>
    public static AuthKitBuilder AddAuthKit(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var builder = services.AddAuthKit();
        services.AddOptions<AuthKitOptions>().Bind(configuration);
        return builder;
    }
}
