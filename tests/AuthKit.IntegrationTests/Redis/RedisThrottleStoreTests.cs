using AuthKit.Credentials.Throttling;
using AuthKit.Redis;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>Sign-in failure counters on a real Redis: atomic, shared between instances, expiring.</summary>
public sealed class RedisThrottleStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromHours(1);

    private readonly string _prefix = TestRedis.NewPrefix("throttle");
    private readonly FakeTimeProvider _clock = new(Now);
    private RedisThrottleStore _instanceA = null!;
    private RedisThrottleStore _instanceB = null!;

    public async Task InitializeAsync()
    {
        _instanceA = new RedisThrottleStore(await TestRedis.StoreConnectionAsync(_prefix), _clock);
        _instanceB = new RedisThrottleStore(await TestRedis.StoreConnectionAsync(_prefix), _clock);
    }

    public Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task RecordFailure_CountsAcrossInstances()
    {
        await _instanceA.RecordFailureAsync("acct:x", Now, Window, default);
        await _instanceB.RecordFailureAsync("acct:x", Now.AddSeconds(1), Window, default);
        var third = await _instanceA.RecordFailureAsync("acct:x", Now.AddSeconds(2), Window, default);

        third.Should().Be(new ThrottleCounter(3, Now.AddSeconds(2)));
        (await _instanceB.GetAsync("acct:x", default)).Should().Be(third);
        (await _instanceB.GetAsync("acct:y", default)).Should().Be(ThrottleCounter.None);
    }

    [Fact]
    public async Task ParallelFailures_AreAllCounted()
    {
        await Parallel.ForEachAsync(
            Enumerable.Range(0, 100),
            new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (i, ct) => await (i % 2 == 0 ? _instanceA : _instanceB).RecordFailureAsync("client:x", Now, Window, ct));

        (await _instanceA.GetAsync("client:x", default)).Failures.Should().Be(100);
    }

    [Fact]
    public async Task Counter_ExpiresAfterItsWindow_AndStartsAgainAtOne()
    {
        await _instanceA.RecordFailureAsync("acct:x", Now, Window, default);
        await _instanceA.RecordFailureAsync("acct:x", Now, Window, default);

        _clock.Advance(Window);

        (await _instanceA.GetAsync("acct:x", default)).Should().Be(ThrottleCounter.None);
        (await _instanceA.RecordFailureAsync("acct:x", Now + Window, Window, default)).Failures.Should().Be(1);
    }

    [Fact]
    public async Task Counter_KeyHasATimeToLive()
    {
        await _instanceA.RecordFailureAsync("acct:x", Now, Window, default);

        var key = (await TestRedis.KeysAsync(_prefix)).Should().ContainSingle().Subject;
        var ttl = await (await TestRedis.ConnectionAsync()).GetDatabase().KeyTimeToLiveAsync(key);

        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(Window - TimeSpan.FromMinutes(1)).And.BeLessThanOrEqualTo(Window + new RedisStoreOptions().ExpiryMargin);
    }

    [Fact]
    public async Task Reset_OnOneInstance_ClearsTheCounterForAll()
    {
        await _instanceA.RecordFailureAsync("acct:x", Now, Window, default);

        await _instanceB.ResetAsync("acct:x", default);

        (await _instanceA.GetAsync("acct:x", default)).Should().Be(ThrottleCounter.None);
        (await TestRedis.KeysAsync(_prefix)).Should().BeEmpty();
    }

    [Fact]
    public async Task UnreachableRedis_Throws_NeverAnswersNoFailures()
    {
        await using var unreachable = TestRedis.UnreachableConnection(_prefix);
        var store = new RedisThrottleStore(unreachable, _clock);

        var act = async () => await store.GetAsync("acct:x", default);

        await act.Should().ThrowAsync<Exception>();
    }
}
