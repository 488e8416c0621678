using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.IntegrationTests.Sessions;
using AuthKit.Redis;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Redis;

/// <summary>The shared session behaviour suite with Redis holding sessions, revocations and throttling.</summary>
public sealed class RedisDatabaseSessionBehaviourTests : SessionBehaviourTests
{
    private readonly string _prefix = TestRedis.NewPrefix("behaviour-database");

    protected override string SessionMode => "Database";

    protected override AuthKitAppFactory CreateApp() => RedisBehaviour.CreateApp(SessionMode, _prefix);

    public override void Dispose()
    {
        base.Dispose();
        TestRedis.DeleteKeysAsync(_prefix).GetAwaiter().GetResult();
    }
}

public sealed class RedisStatelessSessionBehaviourTests : SessionBehaviourTests
{
    private readonly string _prefix = TestRedis.NewPrefix("behaviour-stateless");

    protected override string SessionMode => "Stateless";

    protected override AuthKitAppFactory CreateApp() => RedisBehaviour.CreateApp(SessionMode, _prefix);

    public override void Dispose()
    {
        base.Dispose();
        TestRedis.DeleteKeysAsync(_prefix).GetAwaiter().GetResult();
    }
}

internal static class RedisBehaviour
{
    public static AuthKitAppFactory CreateApp(string sessionMode, string prefix) => new(
        sessionMode,
        new Dictionary<string, string?>
        {
            ["Sessions:Store"] = "Redis",
            ["ConnectionStrings:Sessions"] = TestRedis.AddressAsync().GetAwaiter().GetResult(),
        },
        services: s => s.Configure<RedisStoreOptions>(o => o.KeyPrefix = prefix));
}
