using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Stateless;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuthKit.Tests.Diagnostics;

public sealed class StoreHealthCheckTests
{
    // An exception message a real driver might produce; it must never become the public description.
    private const string SecretInMessage = "connect failed: redis.internal:6379,password=hunter2";

    [Fact]
    public async Task HealthChecks_DatabaseSessionsWithWorkingStores_AreHealthy()
    {
        var report = await CheckAsync(b => b.AddDatabaseSessions());

        report.Status.Should().Be(HealthStatus.Healthy);
        report.Entries.Keys.Should().BeEquivalentTo(
            AuthKitHealthChecksBuilderExtensions.SessionStoreCheckName,
            AuthKitHealthChecksBuilderExtensions.RevocationStoreCheckName,
            AuthKitHealthChecksBuilderExtensions.ThrottleStoreCheckName);
        report.Entries[AuthKitHealthChecksBuilderExtensions.SessionStoreCheckName].Description.Should().Be("The session store answered.");
    }

    [Fact]
    public async Task HealthChecks_SessionStoreThatThrows_IsUnhealthyWithTheExceptionAndNoSecretInTheDescription()
    {
        var report = await CheckAsync(b => b.AddDatabaseSessions().UseSessionStore<ThrowingSessionStore>());

        var entry = report.Entries[AuthKitHealthChecksBuilderExtensions.SessionStoreCheckName];
        report.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Exception.Should().BeOfType<InvalidOperationException>().Which.Message.Should().Be(SecretInMessage);
        entry.Description.Should().Be("The session store failed.");
        report.Entries[AuthKitHealthChecksBuilderExtensions.ThrottleStoreCheckName].Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task HealthChecks_RevocationStoreThatThrows_IsUnhealthyForStatelessSessions()
    {
        var report = await CheckAsync(b => b.AddStatelessSessions().UseRevocationStore<ThrowingRevocationStore>());

        var entry = report.Entries[AuthKitHealthChecksBuilderExtensions.RevocationStoreCheckName];
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Exception.Should().BeOfType<InvalidOperationException>();
        entry.Description.Should().Be("The revocation store failed.");
    }

    [Fact]
    public async Task HealthChecks_ThrottleStoreThatThrows_IsUnhealthy()
    {
        var report = await CheckAsync(b => b.AddDatabaseSessions().UseThrottleStore<ThrowingThrottleStore>());

        var entry = report.Entries[AuthKitHealthChecksBuilderExtensions.ThrottleStoreCheckName];
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Exception.Should().BeOfType<InvalidOperationException>();
        entry.Description.Should().NotContain("hunter2");
    }

    [Fact]
    public async Task HealthChecks_StoreThatHangs_IsUnhealthyAfterTheStoreTimeout()
    {
        var report = await CheckAsync(
            b => b.AddDatabaseSessions().UseSessionStore<HangingSessionStore>().Configure(o => o.Sessions.StoreTimeout = TimeSpan.FromMilliseconds(200)));

        var entry = report.Entries[AuthKitHealthChecksBuilderExtensions.SessionStoreCheckName];
        entry.Status.Should().Be(HealthStatus.Unhealthy);
        entry.Exception.Should().BeOfType<TimeoutException>();
    }

    [Fact]
    public async Task HealthChecks_StoreNotUsedByTheSessionKind_IsHealthyEvenWhenItWouldThrow()
    {
        var report = await CheckAsync(b => b.AddStatelessSessions().UseSessionStore<ThrowingSessionStore>());

        report.Entries[AuthKitHealthChecksBuilderExtensions.SessionStoreCheckName].Status.Should().Be(HealthStatus.Healthy);
        report.Status.Should().Be(HealthStatus.Healthy);
    }

    [Fact]
    public async Task AddHealthChecks_CalledTwice_RegistersEachCheckOnce()
    {
        var report = await CheckAsync(b => b.AddDatabaseSessions().AddHealthChecks().AddHealthChecks(HealthStatus.Degraded, ["ready"]));

        report.Entries.Should().HaveCount(3);
    }

    private static async Task<HealthReport> CheckAsync(Action<AuthKitBuilder> configure)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var builder = services.AddAuthKit(o =>
        {
            o.Hashing.Iterations = AuthKitServices.TestIterations;
            o.Keys.Add(new AuthKitKeyOptions { Id = "k1", Secret = Convert.ToBase64String(new byte[32]) });
        });
        services.AddScoped<IUserStore, TestUserStore>();
        configure(builder);
        builder.AddHealthChecks();
        await using var provider = services.BuildServiceProvider();
        return await provider.GetRequiredService<HealthCheckService>().CheckHealthAsync();
    }

    private sealed class ThrowingSessionStore : StubSessionStore
    {
        public override Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
            => throw new InvalidOperationException(SecretInMessage);
    }

    private sealed class HangingSessionStore : StubSessionStore
    {
        public override async Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return null;
        }
    }

    private abstract class StubSessionStore : ISessionStore
    {
        public Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken) => Task.CompletedTask;

        public abstract Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken);

        public Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken) => Task.FromResult(0);

        public Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<SessionRecord>>([]);

        public Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken) => Task.FromResult(0);
    }

    private sealed class ThrowingRevocationStore : ISessionRevocationStore
    {
        public ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
            => throw new InvalidOperationException(SecretInMessage);
    }

    private sealed class ThrowingThrottleStore : IThrottleStore
    {
        public ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken) => throw new InvalidOperationException(SecretInMessage);

        public ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken)
            => throw new InvalidOperationException(SecretInMessage);

        public ValueTask ResetAsync(string key, CancellationToken cancellationToken) => throw new InvalidOperationException(SecretInMessage);
    }
}
