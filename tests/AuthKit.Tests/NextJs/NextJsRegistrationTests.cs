using AuthKit.NextJs;
using AuthKit.Sessions.Cookies;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.NextJs;

public sealed class NextJsRegistrationTests
{
    private static IHost Host(Action<NextJsSessionOptions> configure)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Services.AddSingleton<AuthKit.Credentials.IUserStore, TestUserStore>();
        builder.Services.AddAuthKit().AddStatelessSessions().UseNextJsSessions(configure);
        return builder.Build();
    }

    [Fact]
    public async Task StartUp_WithoutTheSecret_FailsWithOneMessage()
    {
        using var host = Host(o => o.Secret = null);

        var start = () => host.StartAsync();

        (await start.Should().ThrowAsync<OptionsValidationException>()).Which.Message.Should().Contain("AuthKit.NextJs is misconfigured");
    }

    [Fact]
    public async Task StartUp_WithASecret_AndNoAuthKitKeys_Succeeds_InProduction()
    {
        using var host = Host(o => o.Secret = new string('s', 44));

        await host.StartAsync();

        host.Services.GetRequiredService<ISessionCookieFormat>().CookieName.Should().Be("session");
        await host.StopAsync();
    }

    [Fact]
    public void UseNextJsSessions_ReplacesTheStatelessFormat()
    {
        var services = new ServiceCollection();
        services.AddAuthKit().AddStatelessSessions().UseNextJsSessions(o => o.Secret = new string('s', 44));

        services.Where(d => d.ServiceType == typeof(ISessionCookieFormat)).Should().ContainSingle()
            .Which.ImplementationType!.Name.Should().Be("NextJsCookieFormat");
    }
}
