using AuthKit.IntegrationTests.Redis;
using AuthKit.Redis;
using AuthKit.Sessions.Database;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>The conformance suite against a real Redis server (see <see cref="TestRedis"/>), under a key prefix of its own.</summary>
public sealed class RedisSessionStoreConformanceTests : SessionStoreConformanceTests
{
    private readonly string _prefix = TestRedis.NewPrefix("conformance");

    protected override async Task<ISessionStore> CreateStoreAsync()
    {
        // The suite passes explicit instants around its fixed "Now", including sessions that expired a day before it.
        // The store's own clock (which only sets Redis TTLs) stands two months earlier, so Redis never drops a key
        // before the suite's explicit instants say it has expired: expiry is decided by the stored instants.
        var clock = new FakeTimeProvider(Now.AddDays(-60));
        return new RedisSessionStore(await TestRedis.StoreConnectionAsync(_prefix), clock);
    }

    protected override Task<byte[]> ReadEverythingStoredAsync() => TestRedis.ReadEverythingAsync(_prefix);

    public override Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);
}
