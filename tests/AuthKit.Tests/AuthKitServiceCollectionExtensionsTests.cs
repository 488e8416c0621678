using AuthKit.Credentials;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests;

public sealed class AuthKitServiceCollectionExtensionsTests
{
    [Fact]
    public void AddAuthKit_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddAuthKit().AddUserStore<TestUserStore>();
        services.AddAuthKit().AddUserStore<TestUserStore>();

        services.Count(d => d.ServiceType == typeof(ICredentialVerifier)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IPasswordHasher)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IUserStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IValidateOptions<AuthKitOptions>)).Should().Be(1);
        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<IOptions<AuthKitOptions>>().Value.Hashing.Iterations.Should().Be(600_000);
    }

    [Fact]
    public void AddAuthKit_ReturnsBuilderOverTheSameCollection()
    {
        var services = new ServiceCollection();

        var builder = services.AddAuthKit();

        builder.Services.Should().BeSameAs(services);
        builder.AddUserStore<TestUserStore>().Should().BeSameAs(builder);
    }

    [Fact]
    public void AddAuthKit_NullArguments_Throw()
    {
        ((Action)(() => AuthKitServiceCollectionExtensions.AddAuthKit(null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => new ServiceCollection().AddAuthKit((Action<AuthKitOptions>)null!))).Should().Throw<ArgumentNullException>();
        ((Action)(() => new ServiceCollection().AddAuthKit((IConfiguration)null!))).Should().Throw<ArgumentNullException>();
    }

    [Fact]
    public void AddAuthKit_BindsOptionsFromConfiguration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AuthKit:Password:MinimumLength"] = "15",
                ["AuthKit:Hashing:Iterations"] = "700000",
                ["AuthKit:Throttling:MaxDelay"] = "00:05:00",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddAuthKit(configuration.GetSection("AuthKit")).AddUserStore<TestUserStore>();

        using var provider = services.BuildServiceProvider();
        var options = provider.GetRequiredService<IOptions<AuthKitOptions>>().Value;

        options.Password.MinimumLength.Should().Be(15);
        options.Hashing.Iterations.Should().Be(700_000);
        options.Throttling.MaxDelay.Should().Be(TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task StartUp_WithInvalidOptions_FailsWithOneMessageListingEveryProblem()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o =>
        {
            o.Password.MinimumLength = 6;
            o.Hashing.Iterations = 0;
            o.Hashing.MaxConcurrency = 0;
            o.Throttling.BaseDelay = TimeSpan.Zero;
        });
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var failure = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should()
            .Contain("AuthKit is misconfigured")
            .And.Contain("AddUserStore<TStore>()")
            .And.Contain("MinimumLength is 6")
            .And.Contain("Iterations is 0")
            .And.Contain("MaxConcurrency is 0")
            .And.Contain("BaseDelay");
    }

    [Fact]
    public async Task StartUp_EmailFeaturesWithoutWhatTheyNeed_FailsWithOneMessageNamingEachPiece()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit(o => o.Mail.QueueCapacity = 0).AddUserStore<TestUserStore>().AddEmailVerification().AddPasswordReset();
        using var host = builder.Build();

        var act = () => host.StartAsync();

        var failure = (await act.Should().ThrowAsync<OptionsValidationException>()).Which;
        failure.Message.Should()
            .Contain("The email features (AddEmailVerification(), AddPasswordReset()) need a mail sender")
            .And.Contain("need sessions")
            .And.Contain("implement IUserEmailStore")
            .And.Contain("AuthKit:PublicOrigin is not set")
            .And.Contain("QueueCapacity is 0");
    }

    [Fact]
    public void AddUserStore_StoreWithEmailSupport_IsBothInterfacesInOneInstancePerScope()
    {
        var services = new ServiceCollection();
        services.AddAuthKit().AddUserStore<EmailStore>();
        using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();

        scope.ServiceProvider.GetRequiredService<IUserStore>().Should().BeSameAs(scope.ServiceProvider.GetRequiredService<IUserEmailStore>());
    }

    [Fact]
    public void AddUserStore_ReplacedByAStoreWithoutEmailSupport_LeavesNoStaleEmailStore()
    {
        var services = new ServiceCollection();
        services.AddAuthKit().AddUserStore<EmailStore>().AddUserStore<TestUserStore>();

        services.Should().NotContain(d => d.ServiceType == typeof(IUserEmailStore));
    }

    [Fact]
    public async Task StartUp_WithValidOptionsAndStore_Succeeds()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddAuthKit().AddUserStore<TestUserStore>();
        using var host = builder.Build();

        await host.StartAsync();
        await host.StopAsync();

        host.Services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Should().NotBeNull();
    }

    [Fact]
    public void UsePasswordHasher_ReplacesTheDefault()
    {
        var services = new ServiceCollection();
        services.AddAuthKit().UsePasswordHasher<PlainTextHasherForTest>();
        using var provider = services.BuildServiceProvider();

        provider.GetRequiredService<IPasswordHasher>().Should().BeOfType<PlainTextHasherForTest>();
        services.Count(d => d.ServiceType == typeof(IPasswordHasher)).Should().Be(1);
    }

    private sealed class PlainTextHasherForTest : IPasswordHasher
    {
        public string HashPassword(string password) => "plain:" + password;

        public PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword)
            => hashedPassword == "plain:" + providedPassword ? PasswordVerificationResult.Success : PasswordVerificationResult.Failed;
    }

    private sealed class EmailStore : IUserStore, IUserEmailStore
    {
        public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

        public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

        public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

        public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => Task.CompletedTask;

        public Task<bool> GetEmailVerifiedAsync(IAuthKitUser user, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> SetEmailVerifiedAsync(string userId, string normalizedEmail, CancellationToken cancellationToken) => Task.FromResult(false);

        public Task<bool> ChangeEmailAsync(string userId, string normalizedEmail, CancellationToken cancellationToken) => Task.FromResult(false);
    }
}
