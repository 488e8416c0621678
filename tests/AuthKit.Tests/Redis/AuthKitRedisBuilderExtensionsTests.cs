using AuthKit.Credentials.Throttling;
using AuthKit.Redis;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Stateless;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthKit.Tests.Redis;

public sealed class AuthKitRedisBuilderExtensionsTests
{
    [Fact]
    public void UseRedis_ReplacesTheSessionRevocationAndThrottleStores()
    {
        using var services = Build(a => a.AddDatabaseSessions().UseRedis("127.0.0.1:1"));

        services.GetRequiredService<ISessionStore>().Should().BeOfType<RedisSessionStore>();
        services.GetRequiredService<ISessionRevocationStore>().Should().BeOfType<RedisSessionRevocationStore>();
        services.GetRequiredService<IThrottleStore>().Should().BeOfType<RedisThrottleStore>();
    }

    [Fact]
    public void UseRedis_BeforeAddingSessions_StillWins()
    {
        using var services = Build(a => a.UseRedis("127.0.0.1:1").AddStatelessSessions());

        services.GetRequiredService<ISessionRevocationStore>().Should().BeOfType<RedisSessionRevocationStore>();
    }

    [Fact]
    public void UseRedis_AppliesTheConfigurationStringAndSettings()
    {
        using var services = Build(a => a.UseRedis("redis.internal:6380", o => o.KeyPrefix = "shop:"));

        var options = services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;

        options.Configuration.Should().Be("redis.internal:6380");
        options.KeyPrefix.Should().Be("shop:");
        options.ExpiryMargin.Should().Be(TimeSpan.FromMinutes(1), "the default");
    }

    [Fact]
    public void UseRedis_WithoutConfigurationOrMultiplexer_FailsAtStartUpWithAMessageThatSaysWhatToDo()
    {
        using var services = Build(a => a.AddDatabaseSessions().UseRedis());

        var act = () => services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("UseRedis(\"localhost:6379\")").And.Contain("IConnectionMultiplexer");
    }

    [Fact]
    public void UseRedis_WithTheAppsMultiplexerRegistered_NeedsNoConfigurationString()
    {
        using var services = Build(a => a.AddDatabaseSessions().UseRedis(), s => s.AddSingleton(_ => (IConnectionMultiplexer)null!));

        services.GetRequiredService<IOptions<RedisStoreOptions>>().Value.Configuration.Should().BeNull();
    }

    [Fact]
    public void UseRedis_InvalidSettings_AreAllReportedInOneMessage()
    {
        using var services = Build(a => a.UseRedis("localhost", o =>
        {
            o.Database = -2;
            o.ExpiryMargin = TimeSpan.FromSeconds(-1);
        }));

        var act = () => services.GetRequiredService<IOptions<RedisStoreOptions>>().Value;

        act.Should().Throw<OptionsValidationException>().Which.Message.Should().Contain("Database").And.Contain("ExpiryMargin");
    }

    [Fact]
    public void UseRedis_NullOrEmptyArguments_Throw()
    {
        var builder = new ServiceCollection().AddAuthKit();

        builder.Invoking(b => b.UseRedis(" ")).Should().Throw<ArgumentException>();
        var withoutBuilder = () => ((AuthKitBuilder)null!).UseRedis("localhost");
        withoutBuilder.Should().Throw<ArgumentNullException>();
    }

    private static ServiceProvider Build(Action<AuthKitBuilder> configure, Action<IServiceCollection>? more = null)
    {
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System);
        configure(services.AddAuthKit());
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }
}
