using AuthKit.Credentials.Throttling;
using AuthKit.IntegrationTests.Redis;
using AuthKit.Redis;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>The throttle store conformance suite against a real Redis server, plus what is Redis's own: TTLs and instances.</summary>
public sealed class RedisThrottleStoreConformanceTests : ThrottleStoreConformanceTests
{
    private readonly string _prefix = TestRedis.NewPrefix("throttle");

    protected override async Task<IThrottleStore> CreateStoreAsync() => new RedisThrottleStore(await TestRedis.StoreConnectionAsync(_prefix), Clock);

    public override Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task Counter_IsSharedByEveryInstance()
    {
        var other = new RedisThrottleStore(await TestRedis.StoreConnectionAsync(_prefix), Clock);
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, new(1, Now), Now.AddHours(1), default);

        (await other.TryReplaceAsync("acct:x", new(1, Now), new(2, Now), Now.AddHours(1), default)).Should().BeTrue();

        (await Store.GetAsync("acct:x", default)).Should().Be(new ThrottleCounter(2, Now));
    }

    [Fact]
    public async Task Counter_KeyHasATimeToLive_JustPastItsExpiry()
    {
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, new(1, Now), Now.AddHours(1), default);

        var key = (await TestRedis.KeysAsync(_prefix)).Should().ContainSingle().Subject;
        var ttl = await (await TestRedis.ConnectionAsync()).GetDatabase().KeyTimeToLiveAsync(key);

        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(59)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1) + new RedisStoreOptions().ExpiryMargin);
    }

    [Fact]
    public async Task UnreachableRedis_Throws_NeverAnswersNoCounter()
    {
        await using var unreachable = TestRedis.UnreachableConnection(_prefix);
        var store = new RedisThrottleStore(unreachable, Clock);

        var act = async () => await store.GetAsync("acct:x", default);

        await act.Should().ThrowAsync<Exception>();
    }
}
