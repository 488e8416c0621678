using AuthKit.Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// Builds AuthKit's services the way an app does, with a cheap test-only hashing cost
/// (<see cref="TestIterations"/>) unless a test asks for the real defaults.
/// </summary>
public sealed class AuthKitServices : IDisposable
{
    public const int TestIterations = 1_000;

    private readonly ServiceProvider _provider;
    private readonly IServiceScope _scope;

    public AuthKitServices(Action<AuthKitOptions>? configure = null, Action<IServiceCollection>? services = null)
    {
        var collection = new ServiceCollection();
        collection.AddSingleton<TimeProvider>(Time);
        collection.AddAuthKit(o =>
        {
            o.Hashing.Iterations = TestIterations;
            configure?.Invoke(o);
        });
        collection.AddScoped<IUserStore>(_ => Users);
        services?.Invoke(collection);
        _provider = collection.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        _scope = _provider.CreateScope();
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

    public TestUserStore Users { get; } = new();

    public IServiceProvider Services => _scope.ServiceProvider;

    public AuthKitOptions Options => Services.GetRequiredService<IOptions<AuthKitOptions>>().Value;

    public IPasswordHasher Hasher => Services.GetRequiredService<IPasswordHasher>();

    public ICredentialVerifier Verifier => Services.GetRequiredService<ICredentialVerifier>();

    public IAccountRegistrar Registrar => Services.GetRequiredService<IAccountRegistrar>();

    public TestUser AddUser(string email, string password, params string[] roles)
        => Users.Add(EmailAddress.Normalize(email), Hasher.HashPassword(password), roles);

    public void Dispose()
    {
        _scope.Dispose();
        _provider.Dispose();
    }
}
