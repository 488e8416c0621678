using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Redis;
using AuthKit.Sessions.Database;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>What the Redis session store adds to the conformance suite: TTLs, index upkeep, key prefix, failure.</summary>
public sealed class RedisSessionStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = new RedisStoreOptions().ExpiryMargin;

    private readonly string _prefix = TestRedis.NewPrefix("sessions");
    private readonly FakeTimeProvider _clock = new(Now);
    private RedisSessionStore _store = null!;
    private IDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _store = new RedisSessionStore(await TestRedis.StoreConnectionAsync(_prefix), _clock);
        _database = (await TestRedis.ConnectionAsync()).GetDatabase();
    }

    public Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    private static SessionRecord Record(string user = "ann", TimeSpan? idle = null, TimeSpan? absolute = null)
    {
        var token = Guid.NewGuid().ToString("n");
        return new SessionRecord(
            "hash-" + token, "id-" + token[..12], user, [], Now, Now, Now + (idle ?? TimeSpan.FromDays(7)), Now + (absolute ?? TimeSpan.FromDays(30)),
            null, null, new Dictionary<string, string>());
    }

    private Task<TimeSpan?> TimeToLiveAsync(SessionRecord session) => _database.KeyTimeToLiveAsync(_prefix + "session:" + session.TokenHash);

    [Fact]
    public async Task Create_SetsTheTimeToLiveToTheEarlierExpiryPlusTheMargin()
    {
        var idleFirst = Record(idle: TimeSpan.FromDays(7));
        var absoluteFirst = Record(idle: TimeSpan.FromDays(7), absolute: TimeSpan.FromDays(2));

        await _store.CreateAsync(idleFirst, 1000, default);
        await _store.CreateAsync(absoluteFirst, 1000, default);

        (await TimeToLiveAsync(idleFirst))!.Value.Should().BeCloseTo(TimeSpan.FromDays(7) + Margin, TimeSpan.FromMinutes(1));
        (await TimeToLiveAsync(absoluteFirst))!.Value.Should().BeCloseTo(TimeSpan.FromDays(2) + Margin, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task Touch_ExtendsTheTimeToLive_NeverPastTheAbsoluteExpiry()
    {
        var session = Record();
        await _store.CreateAsync(session, 1000, default);

        _clock.Advance(TimeSpan.FromDays(5));
        await _store.TouchAsync(session.TokenHash, Now.AddDays(5), Now.AddDays(12), default);
        (await TimeToLiveAsync(session))!.Value.Should().BeCloseTo(TimeSpan.FromDays(7) + Margin, TimeSpan.FromMinutes(1));

        _clock.Advance(TimeSpan.FromDays(22));
        await _store.TouchAsync(session.TokenHash, Now.AddDays(27), Now.AddDays(34), default);
        (await TimeToLiveAsync(session))!.Value.Should().BeCloseTo(TimeSpan.FromDays(3) + Margin, TimeSpan.FromMinutes(1), "the absolute expiry caps it");
    }

    [Fact]
    public async Task Create_KeepsTheUserIndexAliveAsLongAsItsLongestSession()
    {
        var longer = Record(idle: TimeSpan.FromDays(7));
        var shorter = Record(idle: TimeSpan.FromDays(1));

        await _store.CreateAsync(longer, 1000, default);
        await _store.CreateAsync(shorter, 1000, default);

        var ttl = await _database.KeyTimeToLiveAsync(_prefix + "user-sessions:ann");
        ttl!.Value.Should().BeCloseTo(TimeSpan.FromDays(7) + Margin, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task DeleteAll_LeavesNoIndexEntriesBehind()
    {
        foreach (var session in new[] { Record(), Record(), Record() })
        {
            await _store.CreateAsync(session, 1000, default);
        }

        await _store.DeleteAllAsync("ann", null, default);

        (await TestRedis.KeysAsync(_prefix)).Should().BeEmpty("sessions, the user index and the expiry index are all cleaned");
    }

    [Fact]
    public async Task SessionDroppedByRedis_IsLeftOutOfTheListAndOutOfTheIndex()
    {
        var dropped = Record();
        var kept = Record();
        await _store.CreateAsync(dropped, 1000, default);
        await _store.CreateAsync(kept, 1000, default);

        // As if its TTL had run out.
        await _database.KeyDeleteAsync(_prefix + "session:" + dropped.TokenHash);

        (await _store.ListAsync("ann", Now, 1000, default)).Select(s => s.TokenHash).Should().Equal(kept.TokenHash);
        (await _database.SortedSetRangeByRankAsync(_prefix + "user-sessions:ann")).Select(v => (string)v!).Should().Equal(kept.TokenHash);
    }

    [Fact]
    public async Task PurgeExpired_MoreSessionsThanOneSlice_PurgesThemAll_AndTheirIndexEntries()
    {
        // The purge script works in slices of 500; 1,100 expired sessions need three.
        var expired = Enumerable.Range(0, 1100).Select(i => Record($"user{i % 7}", idle: TimeSpan.FromHours(1))).ToList();
        await Parallel.ForEachAsync(expired, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (s, ct) => await _store.CreateAsync(s, 1000, ct));
        var live = Record("user0");
        await _store.CreateAsync(live, 1000, default);

        (await _store.PurgeExpiredAsync(Now.AddHours(1), default)).Should().Be(1100);

        (await TestRedis.KeysAsync(_prefix)).Select(k => k.ToString()).Should().BeEquivalentTo(
            [_prefix + "session:" + live.TokenHash, _prefix + "user-sessions:user0", _prefix + "session-expiries"]);
        (await _database.SortedSetLengthAsync(_prefix + "user-sessions:user0")).Should().Be(1);
        (await _database.SortedSetLengthAsync(_prefix + "session-expiries")).Should().Be(1);
    }

    [Fact]
    public async Task EveryKey_StartsWithTheConfiguredPrefix()
    {
        var other = TestRedis.NewPrefix("sessions-other");
        var store = new RedisSessionStore(await TestRedis.StoreConnectionAsync(other), _clock);
        try
        {
            await store.CreateAsync(Record(), 1000, default);

            (await TestRedis.KeysAsync(other)).Should().HaveCount(3, "the session, the user index and the expiry index");
            (await TestRedis.KeysAsync(_prefix)).Should().BeEmpty();
            (await _store.ListAsync("ann", Now, 1000, default)).Should().BeEmpty("stores with different prefixes do not see each other");
        }
        finally
        {
            await TestRedis.DeleteKeysAsync(other);
        }
    }

    [Fact]
    public async Task UnreachableRedis_ThrowsAndLogsIt()
    {
        var logs = new TestLogs();
        await using var unreachable = TestRedis.UnreachableConnection(_prefix, logs);
        var store = new RedisSessionStore(unreachable, _clock);

        var act = () => store.FindAsync("hash-x", default);

        await act.Should().ThrowAsync<Exception>();
        logs.Lines.Should().Contain(l => l.EventId.Id == 3001 && l.Message.Contains("Redis is unreachable"));
    }
}
