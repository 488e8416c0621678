using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>Test app instances configured the way an operator runs several: same key ring, same Redis, same prefix.</summary>
internal static class RedisApp
{
    public static AuthKitAppFactory Create(string sessionMode, string redisAddress, string keyPrefix) => new(
        sessionMode,
        new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Redis",
            ["ConnectionStrings:Sessions"] = redisAddress,
        },
        services: services => services.Configure<RedisStoreOptions>(o => o.KeyPrefix = keyPrefix));
}
