using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit.IntegrationTests.External;

/// <summary>AddExternalLogins() misconfigured: the app refuses to start, saying what to fix.</summary>
public sealed class ExternalStartUpTests
{
    [Fact]
    public void StartUp_WithAUserStoreThatKeepsNoLogins_FailsWithAClearMessage()
    {
        var settings = new Dictionary<string, string?> { ["External:Authority"] = "http://127.0.0.1:9" };

        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", settings, services: s => s.RemoveAll<AuthKit.External.IUserLoginStore>()));

        failure.ToString().Should().Contain("AddExternalLogins() needs the user store to implement IUserLoginStore");
    }

    [Theory]
    [InlineData("AuthKit:ExternalLogins:ErrorPath", "https://evil.example/", "must be local paths")]
    [InlineData("AuthKit:ExternalLogins:CallbackLifetime", "01:00:00", "CallbackLifetime is 01:00:00")]
    public void StartUp_WithBadOptions_FailsWithAClearMessage(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { ["External:Authority"] = "http://127.0.0.1:9", [key] = value };

        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", settings));

        failure.ToString().Should().Contain(expected);
    }
}
