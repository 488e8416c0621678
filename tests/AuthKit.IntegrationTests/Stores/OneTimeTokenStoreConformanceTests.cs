using System.Security.Cryptography;
using AuthKit.IntegrationTests.Redis;
using AuthKit.Redis;
using AuthKit.Tokens;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>
/// The contract every <see cref="IOneTimeTokenStore"/> must meet: one subclass per provider (in-memory, SQLite, Redis)
/// runs it unchanged. Tokens are consumed exactly once, only for their purpose and user, never after they expire.
/// </summary>
public abstract class OneTimeTokenStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private IOneTimeTokenStore? _store;

    protected FakeTimeProvider Clock { get; } = new(Now);

    protected IOneTimeTokenStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<IOneTimeTokenStore> CreateStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static OneTimeToken Token(string purpose = OneTimeTokenPurposes.ResetPassword, string? userId = "u1", string? email = "ann@example.com", TimeSpan? lifetime = null, string? data = null)
        => new(RandomNumberGenerator.GetBytes(32), purpose, userId, email, Now + (lifetime ?? TimeSpan.FromHours(1)), data);

    [Fact]
    public async Task Consume_StoredToken_ReturnsItsRecord_Once()
    {
        var token = Token(data: "payload");
        await Store.StoreAsync(token, default);

        var consumed = await Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default);

        consumed.Should().NotBeNull();
        consumed!.Hash.Should().Equal(token.Hash);
        consumed.Purpose.Should().Be(token.Purpose);
        consumed.UserId.Should().Be("u1");
        consumed.Email.Should().Be("ann@example.com");
        consumed.Data.Should().Be("payload");
        consumed.ExpiresAt.Should().Be(token.ExpiresAt);
        (await Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default)).Should().BeNull("a token works once");
    }

    [Fact]
    public async Task Consume_TokenWithoutUserOrAddress_KeepsThemAbsent()
    {
        var token = Token(OneTimeTokenPurposes.CompleteSignUp, userId: null, email: null);
        await Store.StoreAsync(token, default);

        var consumed = await Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default);

        consumed!.UserId.Should().BeNull();
        consumed.Email.Should().BeNull();
        consumed.Data.Should().BeNull();
    }

    [Fact]
    public async Task Consume_UnknownHash_IsNull()
        => (await Store.ConsumeAsync(RandomNumberGenerator.GetBytes(32), OneTimeTokenPurposes.ResetPassword, null, Now, default)).Should().BeNull();

    [Fact]
    public async Task Consume_ConcurrentCallers_ExactlyOneGetsTheToken()
    {
        var token = Token();
        await Store.StoreAsync(token, default);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default))));

        results.Count(r => r is not null).Should().Be(1);
    }

    [Fact]
    public async Task Consume_ExpiredToken_IsNull()
    {
        var token = Token(lifetime: TimeSpan.FromMinutes(30));
        await Store.StoreAsync(token, default);

        (await Store.ConsumeAsync(token.Hash, token.Purpose, null, token.ExpiresAt, default)).Should().BeNull("it expires at its expiry");
        (await Store.ConsumeAsync(token.Hash, token.Purpose, null, token.ExpiresAt.AddDays(1), default)).Should().BeNull();
    }

    [Fact]
    public async Task Consume_ForAnotherPurpose_IsNull_AndLeavesTheToken()
    {
        var token = Token(OneTimeTokenPurposes.VerifyEmail);
        await Store.StoreAsync(token, default);

        (await Store.ConsumeAsync(token.Hash, OneTimeTokenPurposes.ResetPassword, null, Now, default)).Should().BeNull();
        (await Store.ConsumeAsync(token.Hash, OneTimeTokenPurposes.VerifyEmail, null, Now, default)).Should().NotBeNull();
    }

    [Fact]
    public async Task Consume_ForAnotherUser_IsNull_AndLeavesTheToken()
    {
        var token = Token(OneTimeTokenPurposes.ChangeEmail, userId: "alice");
        await Store.StoreAsync(token, default);

        (await Store.ConsumeAsync(token.Hash, token.Purpose, "bob", Now, default)).Should().BeNull();
        (await Store.ConsumeAsync(token.Hash, token.Purpose, "alice", Now, default)).Should().NotBeNull();
    }

    [Fact]
    public async Task Revoke_DeletesTheUsersTokensOfThatPurposeOnly()
    {
        var first = Token(userId: "alice");
        var second = Token(userId: "alice");
        var otherPurpose = Token(OneTimeTokenPurposes.VerifyEmail, userId: "alice");
        var otherUser = Token(userId: "bob");
        foreach (var token in new[] { first, second, otherPurpose, otherUser })
        {
            await Store.StoreAsync(token, default);
        }

        await Store.RevokeAsync("alice", OneTimeTokenPurposes.ResetPassword, default);

        (await Store.ConsumeAsync(first.Hash, first.Purpose, null, Now, default)).Should().BeNull();
        (await Store.ConsumeAsync(second.Hash, second.Purpose, null, Now, default)).Should().BeNull();
        (await Store.ConsumeAsync(otherPurpose.Hash, otherPurpose.Purpose, null, Now, default)).Should().NotBeNull();
        (await Store.ConsumeAsync(otherUser.Hash, otherUser.Purpose, null, Now, default)).Should().NotBeNull();
    }

    [Fact]
    public async Task Revoke_UserWithoutTokens_DoesNothing()
    {
        var token = Token(userId: "bob");
        await Store.StoreAsync(token, default);

        await Store.RevokeAsync("nobody", OneTimeTokenPurposes.ResetPassword, default);

        (await Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default)).Should().NotBeNull();
    }
}

public sealed class InMemoryOneTimeTokenStoreConformanceTests : OneTimeTokenStoreConformanceTests
{
    protected override Task<IOneTimeTokenStore> CreateStoreAsync() => Task.FromResult<IOneTimeTokenStore>(new InMemoryOneTimeTokenStore(Clock));
}

/// <summary>The token store conformance suite on a SQLite file, plus durability: a second store on the file consumes the token.</summary>
public sealed class SqliteOneTimeTokenStoreConformanceTests : OneTimeTokenStoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-tokens-").FullName;
    private readonly List<AuthKit.Sqlite.SqliteDatabase> _databases = [];

    protected override Task<IOneTimeTokenStore> CreateStoreAsync() => Task.FromResult(Create());

    public override Task DisposeAsync()
    {
        _databases.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Token_OutlivesTheStoreThatWroteIt()
    {
        var token = Token();
        await Store.StoreAsync(token, default);
        _databases[0].Dispose();

        (await Create().ConsumeAsync(token.Hash, token.Purpose, null, Now, default)).Should().NotBeNull();
    }

    private IOneTimeTokenStore Create()
    {
        var database = new AuthKit.Sqlite.SqliteDatabase(Options.Create(new AuthKit.Sqlite.SqliteStoreOptions { ConnectionString = $"Data Source={Path.Combine(_directory, "authkit.db")}" }));
        _databases.Add(database);
        return new AuthKit.Sqlite.SqliteOneTimeTokenStore(database, Clock);
    }
}

/// <summary>The token store conformance suite against a real Redis server, plus sharing between instances and TTLs.</summary>
public sealed class RedisOneTimeTokenStoreConformanceTests : OneTimeTokenStoreConformanceTests
{
    private readonly string _prefix = TestRedis.NewPrefix("tokens");

    protected override async Task<IOneTimeTokenStore> CreateStoreAsync() => new RedisOneTimeTokenStore(await TestRedis.StoreConnectionAsync(_prefix), Clock);

    public override Task DisposeAsync() => TestRedis.DeleteKeysAsync(_prefix);

    [Fact]
    public async Task Token_StoredByOneInstance_IsConsumedOnceAcrossInstances()
    {
        var other = new RedisOneTimeTokenStore(await TestRedis.StoreConnectionAsync(_prefix), Clock);
        var token = Token();
        await Store.StoreAsync(token, default);

        (await other.ConsumeAsync(token.Hash, token.Purpose, null, Now, default)).Should().NotBeNull();
        (await Store.ConsumeAsync(token.Hash, token.Purpose, null, Now, default)).Should().BeNull();
    }

    [Fact]
    public async Task Token_KeyHasATimeToLive_JustPastItsExpiry_AndHoldsNoTokenOrAddressInItsName()
    {
        var token = Token(userId: null);
        await Store.StoreAsync(token, default);

        var key = (await TestRedis.KeysAsync(_prefix)).Should().ContainSingle().Subject;
        key.ToString().Should().NotContain("ann@example.com");
        var ttl = await (await TestRedis.ConnectionAsync()).GetDatabase().KeyTimeToLiveAsync(key);
        ttl!.Value.Should().BeGreaterThan(TimeSpan.FromMinutes(59)).And.BeLessThanOrEqualTo(TimeSpan.FromHours(1) + new RedisStoreOptions().ExpiryMargin);
    }
}
