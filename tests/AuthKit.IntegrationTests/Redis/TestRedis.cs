using System.Text;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Redis;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>
/// The Redis server the Redis tests share. <c>./build.sh test</c> starts one and names it in
/// <c>AUTHKIT_TEST_REDIS</c>; without it (outside CI) the tests start a private <c>redis-server</c>. Under
/// <c>CI=true</c> a missing server fails the tests: they never skip silently.
/// </summary>
internal static class TestRedis
{
    public const string Variable = "AUTHKIT_TEST_REDIS";

    private static readonly Lazy<Task<string>> s_address = new(ResolveAddressAsync);
    private static readonly Lazy<Task<IConnectionMultiplexer>> s_connection = new(async () =>
        await ConnectionMultiplexer.ConnectAsync(await AddressAsync()));

    public static Task<string> AddressAsync() => s_address.Value;

    public static Task<IConnectionMultiplexer> ConnectionAsync() => s_connection.Value;

    /// <summary>A key prefix no other test uses, so tests stay independent on one server.</summary>
    public static string NewPrefix(string owner) => $"authkit-test:{owner}:{Guid.NewGuid():n}:";

    /// <summary>A connection for the stores under test, through the shared multiplexer.</summary>
    public static async Task<RedisConnection> StoreConnectionAsync(string prefix)
    {
        var services = new ServiceCollection().AddSingleton(await ConnectionAsync()).BuildServiceProvider();
        return new RedisConnection(Options.Create(new RedisStoreOptions { KeyPrefix = prefix }), services, NullLogger<RedisConnection>.Instance);
    }

    /// <summary>A store connection to a loopback port nothing listens on, with short timeouts.</summary>
    public static RedisConnection UnreachableConnection(string prefix, TestLogs? logs = null)
    {
        var options = new RedisStoreOptions { Configuration = $"127.0.0.1:{RedisServer.FreePort()},connectTimeout=500,asyncTimeout=1000", KeyPrefix = prefix };
        var services = new ServiceCollection().BuildServiceProvider();
        return new RedisConnection(
            Options.Create(options),
            services,
            logs is null ? NullLogger<RedisConnection>.Instance : new LoggerFactory([logs]).CreateLogger<RedisConnection>());
    }

    public static async Task<IReadOnlyList<RedisKey>> KeysAsync(string prefix)
    {
        var connection = await ConnectionAsync();
        var keys = new List<RedisKey>();
        foreach (var endPoint in connection.GetEndPoints())
        {
            await foreach (var key in connection.GetServer(endPoint).KeysAsync(pattern: prefix + "*"))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    public static async Task DeleteKeysAsync(string prefix)
    {
        var database = (await ConnectionAsync()).GetDatabase();
        foreach (var key in await KeysAsync(prefix))
        {
            await database.KeyDeleteAsync(key);
        }
    }

    /// <summary>Every key name and every value stored under <paramref name="prefix"/>, as bytes.</summary>
    public static async Task<byte[]> ReadEverythingAsync(string prefix)
    {
        var database = (await ConnectionAsync()).GetDatabase();
        var bytes = new List<byte>();
        foreach (var key in await KeysAsync(prefix))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(key.ToString()));
            RedisValue[] values = await database.KeyTypeAsync(key) switch
            {
                RedisType.String => [await database.StringGetAsync(key)],
                RedisType.Hash => (await database.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name, e.Value }).ToArray(),
                RedisType.SortedSet => (await database.SortedSetRangeByRankWithScoresAsync(key)).SelectMany(e => new[] { e.Element, (RedisValue)e.Score }).ToArray(),
                RedisType.Set => await database.SetMembersAsync(key),
                var other => throw new InvalidOperationException($"Unexpected key type {other}."),
            };
            foreach (var value in values)
            {
                bytes.AddRange((byte[])value!);
            }
        }

        return [.. bytes];
    }

    private static async Task<string> ResolveAddressAsync()
    {
        var configured = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }

        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException(
                $"{Variable} is not set. Under CI the Redis tests must run against a real server: ./build.sh test starts one (ensure_redis) and sets {Variable}.");
        }

        if (!RedisServer.IsInstalled)
        {
            throw new InvalidOperationException(
                $"REDIS TESTS CANNOT RUN: {Variable} is not set and redis-server is not installed. Run ./build.sh test (it installs and starts Redis), or set {Variable}=host:port.");
        }

        // A developer machine without the build script's server: start a private one for this test run.
        var server = await RedisServer.StartNewAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return server.Address;
    }
}
