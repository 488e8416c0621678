using AuthKit.Redis;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>The stateless revocation list on a real Redis: shared between instances, expiring with what it revokes.</summary>
public sealed class RedisSessionRevocationStoreTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private readonly string _prefix = TestRedis.NewPrefix("revocations");
    private readonly FakeTimeProvider _clock = new(Now);
    private RedisSessionRevocationStore _instanceA = null!;
    private RedisSessionRevocationStore _instanceB = null!;

    public async Task InitializeAsync()
    {
        _instanceA = new RedisSessionRevocationStore(await TestRedis.StoreConnectionAsync(_prefix), _clock);
        _instanceB = new RedisSessionRevocationStore(await TestRedis.StoreConnectionAsync(_prefix), _clock);
    }

    public Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task RevokeSession_OnOneInstance_IsSeenByAnother()
    {
        await _instanceA.RevokeSessionAsync("s1", Now.AddDays(30), default);

        (await _instanceB.IsRevokedAsync("s1", "ann", Now, default)).Should().BeTrue();
        (await _instanceB.IsRevokedAsync("s2", "ann", Now, default)).Should().BeFalse("only s1 was revoked");
    }

    [Fact]
    public async Task RevokeSession_EndsWhenTheSessionWouldHaveExpired()
    {
        await _instanceA.RevokeSessionAsync("s1", Now.AddHours(1), default);

        _clock.Advance(TimeSpan.FromHours(1) - TimeSpan.FromMilliseconds(1));
        (await _instanceA.IsRevokedAsync("s1", "ann", Now, default)).Should().BeTrue();
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        (await _instanceA.IsRevokedAsync("s1", "ann", Now, default)).Should().BeFalse("the session has expired anyway");
    }

    [Fact]
    public async Task RevokeSession_KeyLivesUntilTheSessionsExpiryPlusTheMargin()
    {
        await _instanceA.RevokeSessionAsync("s1", Now.AddHours(1), default);

        var key = (await TestRedis.KeysAsync(_prefix)).Should().ContainSingle().Subject;
        var ttl = await (await TestRedis.ConnectionAsync()).GetDatabase().KeyTimeToLiveAsync(key);

        ttl.Should().NotBeNull();
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(59)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1) + new RedisStoreOptions().ExpiryMargin);
    }

    [Fact]
    public async Task RevokeUser_RefusesSessionsIssuedAtOrBeforeNotBefore_AcceptsLaterOnes()
    {
        await _instanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);

        (await _instanceB.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue();
        (await _instanceB.IsRevokedAsync("s2", "ann", Now, default)).Should().BeTrue("the same millisecond is refused: the safe side");
        (await _instanceB.IsRevokedAsync("s3", "ann", Now.AddMilliseconds(1), default)).Should().BeFalse("issued after the revocation");
        (await _instanceB.IsRevokedAsync("s4", "bob", Now.AddMinutes(-5), default)).Should().BeFalse("another user");
    }

    [Fact]
    public async Task RevokeUser_AnEarlierNotBefore_DoesNotUndoALaterOne()
    {
        await _instanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);
        await _instanceB.RevokeUserAsync("ann", Now.AddHours(-1), Now.AddDays(1), default);

        (await _instanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue();
        _clock.Advance(TimeSpan.FromDays(2));
        (await _instanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeTrue("the later expiry is kept too");
    }

    [Fact]
    public async Task RevokeUser_EndsAtItsExpiry()
    {
        await _instanceA.RevokeUserAsync("ann", Now, Now.AddDays(30), default);

        _clock.Advance(TimeSpan.FromDays(30));

        (await _instanceA.IsRevokedAsync("s1", "ann", Now.AddMinutes(-5), default)).Should().BeFalse();
    }

    [Fact]
    public async Task UnreachableRedis_Throws_NeverAnswersNotRevoked()
    {
        await using var unreachable = TestRedis.UnreachableConnection(_prefix);
        var store = new RedisSessionRevocationStore(unreachable, _clock);

        var act = async () => await store.IsRevokedAsync("s1", "ann", Now, default);

        await act.Should().ThrowAsync<Exception>();
    }
}
