using AuthKit.Credentials;
using AuthKit.Credentials.Hashing;
using AuthKit.Credentials.Throttling;
using AuthKit.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>
/// The contract every <see cref="IThrottleStore"/> must meet, and sign-in throttling on top of it: one subclass per
/// provider (in-memory, SQLite, Redis) runs it unchanged, against the store's own clock <see cref="Clock"/>.
/// </summary>
public abstract class ThrottleStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    private IThrottleStore? _store;

    protected FakeTimeProvider Clock { get; } = new(Now);

    protected IThrottleStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates an empty store that reads <see cref="Clock"/>.</summary>
    protected abstract Task<IThrottleStore> CreateStoreAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    private static ThrottleCounter Counter(int count, DateTimeOffset at) => new(count, at);

    [Fact]
    public async Task Get_UnknownKey_IsNone()
    {
        (await Store.GetAsync("acct:unknown", default)).Should().Be(ThrottleCounter.None);
    }

    [Fact]
    public async Task Replace_FromNone_CreatesTheCounter_OnlyOnce()
    {
        (await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(1, Now), Now.AddHours(1), default)).Should().BeTrue();
        (await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(1, Now), Now.AddHours(1), default)).Should().BeFalse("it exists now");

        (await Store.GetAsync("acct:x", default)).Should().Be(Counter(1, Now));
    }

    [Fact]
    public async Task Replace_WithTheCurrentValue_Succeeds_WithAStaleOne_Fails()
    {
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(1, Now), Now.AddHours(1), default);

        (await Store.TryReplaceAsync("acct:x", Counter(1, Now.AddSeconds(-1)), Counter(2, Now), Now.AddHours(1), default)).Should().BeFalse("the instant differs");
        (await Store.TryReplaceAsync("acct:x", Counter(2, Now), Counter(3, Now), Now.AddHours(1), default)).Should().BeFalse("the count differs");
        (await Store.TryReplaceAsync("acct:x", Counter(1, Now), Counter(2, Now.AddSeconds(5)), Now.AddHours(1), default)).Should().BeTrue();

        (await Store.GetAsync("acct:x", default)).Should().Be(Counter(2, Now.AddSeconds(5)));
    }

    [Fact]
    public async Task Counter_PastItsExpiry_ReadsAsNone_AndCanBeStartedAgain()
    {
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(4, Now), Now.AddMinutes(10), default);

        Clock.Advance(TimeSpan.FromMinutes(10));

        (await Store.GetAsync("acct:x", default)).Should().Be(ThrottleCounter.None);
        (await Store.TryReplaceAsync("acct:x", Counter(4, Now), Counter(5, Clock.GetUtcNow()), Clock.GetUtcNow().AddMinutes(10), default)).Should().BeFalse("an expired counter is none");
        (await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(1, Clock.GetUtcNow()), Clock.GetUtcNow().AddMinutes(10), default)).Should().BeTrue();
        (await Store.GetAsync("acct:x", default)).Count.Should().Be(1);
    }

    [Fact]
    public async Task Reset_RemovesTheCounter_AndNoOther()
    {
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, Counter(3, Now), Now.AddHours(1), default);
        await Store.TryReplaceAsync("acct:y", ThrottleCounter.None, Counter(2, Now), Now.AddHours(1), default);

        await Store.ResetAsync("acct:x", default);

        (await Store.GetAsync("acct:x", default)).Should().Be(ThrottleCounter.None);
        (await Store.GetAsync("acct:y", default)).Should().Be(Counter(2, Now));
    }

    [Fact]
    public async Task ConcurrentIncrements_ThroughCompareAndReplace_LoseNoCount()
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (_, ct) =>
        {
            while (true)
            {
                var current = await Store.GetAsync("client:x", ct);
                if (await Store.TryReplaceAsync("client:x", current, Counter(current.Count + 1, Now), Now.AddHours(1), ct))
                {
                    return;
                }
            }
        });

        (await Store.GetAsync("client:x", default)).Count.Should().Be(100);
    }

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData(null)]
    public async Task FortyConcurrentWrongPasswords_AtMostTheFreeFailuresReachTheHasher(string? client)
    {
        var options = new AuthKitOptions();
        options.Hashing.Iterations = 1000;
        options.Hashing.QueueLimit = 64;
        options.Throttling.AccountFreeFailures = 5;
        var hasher = new CountingHasher(new Pbkdf2PasswordHasher(Options.Create(options)));
        var users = new SingleUserStore("ann@example.com", hasher.HashPassword("correct horse battery staple"));
        using var gate = new PasswordHashingGate(Options.Create(options), NullLogger<PasswordHashingGate>.Instance);
        var monitor = new StaticOptionsMonitor(options);
        var verifier = new CredentialVerifier(
            users,
            hasher,
            gate,
            new DummyPasswordHash(hasher),
            new LoginThrottler(Store, monitor, Clock),
            new FloodWarnings(Clock, NullLoggerFactory.Instance),
            monitor,
            NullLogger<CredentialVerifier>.Instance);

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => verifier.VerifyAsync("ann@example.com", "wrong", client, default))));

        hasher.Verifications.Should().BeInRange(1, 5, "every attempt is counted atomically before its hash runs");
        results.Count(r => r.Status == CredentialStatus.Throttled).Should().Be(40 - hasher.Verifications);
    }

    private sealed class CountingHasher(IPasswordHasher inner) : IPasswordHasher
    {
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(string password) => inner.HashPassword(password);

        public PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            Thread.Sleep(5); // long enough for the other attempts to arrive while this one is hashing
            return inner.VerifyHashedPassword(hashedPassword, providedPassword);
        }
    }

    private sealed class SingleUserStore(string email, string hash) : IUserStore
    {
        private readonly User _user = new("u1", email, hash);

        public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
            => Task.FromResult<IAuthKitUser?>(normalizedEmail == email ? _user : null);

        public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
            => Task.FromResult<IAuthKitUser?>(userId == _user.Id ? _user : null);

        public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

        public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => Task.CompletedTask;

        private sealed record User(string Id, string Email, string PasswordHash) : IAuthKitUser
        {
            public IReadOnlyCollection<string> Roles => [];
        }
    }

    private sealed class StaticOptionsMonitor(AuthKitOptions value) : IOptionsMonitor<AuthKitOptions>
    {
        public AuthKitOptions CurrentValue => value;

        public AuthKitOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<AuthKitOptions, string?> listener) => null;
    }
}

public sealed class InMemoryThrottleStoreConformanceTests : ThrottleStoreConformanceTests
{
    protected override Task<IThrottleStore> CreateStoreAsync() => Task.FromResult<IThrottleStore>(new InMemoryThrottleStore(Clock));
}

/// <summary>The throttle store conformance suite on a SQLite file, plus durability: a second store on the file sees the counters.</summary>
public sealed class SqliteThrottleStoreConformanceTests : ThrottleStoreConformanceTests
{
    private readonly string _directory = Directory.CreateTempSubdirectory("authkit-throttle-").FullName;
    private readonly List<AuthKit.Sqlite.SqliteDatabase> _databases = [];

    private string ConnectionString => $"Data Source={Path.Combine(_directory, "authkit.db")}";

    protected override Task<IThrottleStore> CreateStoreAsync() => Task.FromResult(Create());

    public override Task DisposeAsync()
    {
        _databases.ForEach(d => d.Dispose());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Counter_OutlivesTheStoreThatWroteIt()
    {
        await Store.TryReplaceAsync("acct:x", ThrottleCounter.None, new(3, Now), Now.AddHours(1), default);
        _databases[0].Dispose();

        (await Create().GetAsync("acct:x", default)).Should().Be(new ThrottleCounter(3, Now));
    }

    private IThrottleStore Create()
    {
        var database = new AuthKit.Sqlite.SqliteDatabase(Options.Create(new AuthKit.Sqlite.SqliteStoreOptions { ConnectionString = ConnectionString }));
        _databases.Add(database);
        return new AuthKit.Sqlite.SqliteThrottleStore(database, Clock);
    }
}
