using AuthKit.IntegrationTests.Redis;
using AuthKit.Redis;
using AuthKit.Sessions.Stateless;
using AuthKit.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>
/// The contract every <see cref="ISessionRevocationStore"/> must meet. One subclass per provider (in-memory, SQLite,
/// Redis) runs it unchanged; two instances of the store stand for two app instances (or one app before and after a restart).
/// </summary>
public abstract class RevocationStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    protected FakeTimeProvider Clock { get; } = new(Now);

    protected ISessionRevocationStore InstanceA { get; private set; } = null!;

    protected ISessionRevocationStore InstanceB { get; private set; } = null!;

    /// <summary>Creates the two instances over the same (empty) data, reading <see cref="Clock"/>.</summary>
    protected abstract Task<(ISessionRevocationStore A, ISessionRevocationStore B)> CreateStoresAsync();

    public async Task InitializeAsync() => (InstanceA, InstanceB) = await CreateStoresAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task RevokeSession_OnOneInstance_IsSeenByAnother()
    {
        await InstanceA.RevokeSessionAsync("s1", Now.AddDays(30), default);

        (await InstanceB.IsRevokedAsync("s1", "ann", Now, default)).Should().BeTrue();
        (await InstanceB.IsRevokedAsync("s2", "ann", Now, default)).Should().BeFalse("only s1 was revoked");
    }

    [Fact]
    public async Task RevokeSession_EndsWhenTheSessionWouldHaveExpired()
    {
        await InstanceA.RevokeSessionAsync("s1", Now.AddHours(1), default);

        Clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        (await InstanceA.IsRevokedAsync("s1", "ann", Now, default)).Should().BeTrue();
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        (await InstanceA.IsRevokedAsync("s1", "ann", Now, default)).Should().BeFalse("the session has expired anyway");
    }

    [Fact]
    public async Task RevokeSession_AnEarlierExpiry_DoesNotShortenALaterOne()
    {
        await InstanceA.RevokeSessionAsync("s1", Now.AddDays(30), default);
        await InstanceB.RevokeSessionAsync("s1", Now.AddHours(1), default);

        Clock.Advance(TimeSpan.FromDays(2));

        (await InstanceA.IsRevokedAsync("s1", "ann", Now, default)).Should().BeTrue();
    }

    [Fact]
    public async Task RevokeUser_RefusesSessionsIssuedAtOrBeforeNotBefore_AcceptsLaterOnes()
    {
        await InstanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);

        (await InstanceB.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue();
        (await InstanceB.IsRevokedAsync("s2", "ann", Now, default)).Should().BeTrue("the same millisecond is refused: the safe side");
        (await InstanceB.IsRevokedAsync("s3", "ann", Now.AddMilliseconds(1), default)).Should().BeFalse("issued after the revocation");
        (await InstanceB.IsRevokedAsync("s4", "bob", Now.AddMinutes(-5), default)).Should().BeFalse("another user");
    }

    [Fact]
    public async Task RevokeUser_AnEarlierNotBefore_DoesNotUndoALaterOne()
    {
        await InstanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);
        await InstanceB.RevokeUserAsync("ann", Now.AddHours(-1), Now.AddDays(1), default);

        (await InstanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue();
        Clock.Advance(TimeSpan.FromDays(2));
        (await InstanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue("the later expiry is kept too");
    }

    [Fact]
    public async Task RevokeUser_EndsAtItsExpiry()
    {
        await InstanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);

        Clock.Advance(TimeSpan.FromDays(30));

        (await InstanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeFalse();
    }

    [Fact]
    public async Task ManyRevocations_AllHold_AndExpiredOnesDoNotAccumulate()
    {
        for (var i = 0; i < 600; i++)
        {
            await InstanceA.RevokeSessionAsync($"s{i}", Now.AddMinutes(i < 300 ? 1 : 60), default);
        }

        Clock.Advance(TimeSpan.FromMinutes(2));
        for (var i = 600; i < 900; i++)
        {
            await InstanceA.RevokeSessionAsync($"s{i}", Now.AddDays(1), default);
        }

        (await InstanceB.IsRevokedAsync("s10", "ann", Now, default)).Should().BeFalse("expired");
        (await InstanceB.IsRevokedAsync("s400", "ann", Now, default)).Should().BeTrue();
        (await InstanceB.IsRevokedAsync("s899", "ann", Now, default)).Should().BeTrue();
    }
}

public sealed class InMemoryRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    protected override Task<(ISessionRevocationStore A, ISessionRevocationStore B)> CreateStoresAsync()
    {
        // One process: both "instances" are the same list.
        var store = new InMemorySessionRevocationStore(Clock);
        return Task.FromResult<(ISessionRevocationStore, ISessionRevocationStore)>((store, store));
    }
}

/// <summary>Two stores on one SQLite file: two processes on one machine, or one app before and after a restart.</summary>
public sealed class SqliteRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-revocations-").FullName;
    private readonly List<SqliteDatabase> _databases = [];

    protected override Task<(ISessionRevocationStore A, ISessionRevocationStore B)> CreateStoresAsync()
        => Task.FromResult<(ISessionRevocationStore, ISessionRevocationStore)>((Create(), Create()));

    public override Task DisposeAsync()
    {
        _databases.ForEach(d => d.Dispose());
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    private SqliteSessionRevocationStore Create()
    {
        var database = new SqliteDatabase(Options.Create(new SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "authkit.db")}" }));
        _databases.Add(database);
        return new SqliteSessionRevocationStore(database, Clock);
    }
}

/// <summary>The revocation list on a real Redis server, plus what is Redis's own: TTLs and an unreachable server.</summary>
public sealed class RedisRevocationStoreConformanceTests : RevocationStoreConformanceTests
{
    private readonly string _prefix = TestRedis.NewPrefix("revocations");

    protected override async Task<(ISessionRevocationStore A, ISessionRevocationStore B)> CreateStoresAsync()
        => (new RedisSessionRevocationStore(await TestRedis.StoreConnectionAsync(_prefix), Clock),
            new RedisSessionRevocationStore(await TestRedis.StoreConnectionAsync(_prefix), Clock));

    public override Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task RevokeSession_KeyLivesUntilTheSessionsExpiryPlusTheMargin()
    {
        await InstanceA.RevokeSessionAsync("s1", Now.AddHours(1), default);

        var key = (await TestRedis.KeysAsync(_prefix)).Should().ContainSingle().Subject;
        var ttl = await (await TestRedis.ConnectionAsync()).GetDatabase().KeyTimeToLiveAsync(key);

        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(59)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1) + new RedisStoreOptions().ExpiryMargin);
    }

    [Fact]
    public async Task UnreachableRedis_Throws_NeverAnswersNotRevoked()
    {
        await using var unreachable = TestRedis.UnreachableConnection(_prefix);
        var store = new RedisSessionRevocationStore(unreachable, Clock);

        var act = async () => await store.IsRevokedAsync("s1", "ann", Now, default);

        await act.Should().ThrowAsync<Exception>();
    }
}
