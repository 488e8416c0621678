using AuthKit.Credentials.Throttling;
using AuthKit.Redis;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Stateless;
using AuthKit.Tokens;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>Registers the Redis stores.</summary>
public static class AuthKitRedisBuilderExtensions
{
    /// <summary>
    /// Keeps database sessions, the stateless revocation list, login throttling counters and one-time tokens in Redis, so every app
    /// instance that uses the same Redis (and the same key ring) acts as one app.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configuration">A StackExchange.Redis configuration string, for example <c>localhost:6379</c>.</param>
    /// <param name="configure">Further settings, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseRedis(this AuthKitBuilder builder, string configuration, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(configuration);
        return Register(builder, o =>
        {
            o.Configuration = configuration;
            configure?.Invoke(o);
        });
    }

    /// <summary>
    /// Keeps database sessions, the stateless revocation list, login throttling counters and one-time tokens in Redis, through the
    /// <c>IConnectionMultiplexer</c> the application registered in the service collection.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configure">Further settings, or <see langword="null"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder UseRedis(this AuthKitBuilder builder, Action<RedisStoreOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return Register(builder, o => configure?.Invoke(o));
    }

    private static AuthKitBuilder Register(AuthKitBuilder builder, Action<RedisStoreOptions> configure)
    {
        builder.Services.AddOptions<RedisStoreOptions>().Configure(configure).ValidateOnStart();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RedisStoreOptions>, RedisStoreOptionsValidator>());
        builder.Services.TryAddSingleton<RedisConnection>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionStore, RedisSessionStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<ISessionRevocationStore, RedisSessionRevocationStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IThrottleStore, RedisThrottleStore>());
        builder.Services.Replace(ServiceDescriptor.Singleton<IOneTimeTokenStore, RedisOneTimeTokenStore>());
        return builder;
    }
}
