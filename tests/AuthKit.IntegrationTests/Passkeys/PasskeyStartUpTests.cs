using AuthKit.Credentials;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Passkeys;

/// <summary>AddPasskeys() misconfigured: the app refuses to start, saying what to fix.</summary>
public sealed class PasskeyStartUpTests
{
    [Theory]
    [InlineData(null, null, "set AuthKit:PublicOrigin")]
    [InlineData("https://127.0.0.1:5001", null, "must be a domain name")]
    [InlineData("https://app.example.test", "example.org", "is not on the relying party \"example.org\"")]
    [InlineData("https://app.example.test", "pp.example.test", "is not on the relying party \"pp.example.test\"")]
    [InlineData("http://app.example.test", null, "on https, or http on localhost")]
    public void StartUp_WithoutAUsableRelyingParty_FailsWithAClearMessage(string? origin, string? rpId, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Passkeys:Enabled"] = "true",
            ["AuthKit:PublicOrigin"] = origin,
            ["AuthKit:Passkeys:RelyingPartyId"] = rpId,
        };

        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", settings));

        failure.ToString().Should().Contain(expected);
    }

    [Fact]
    public void StartUp_WithAUserStoreThatKeepsNoPasskeys_FailsWithAClearMessage()
    {
        var settings = new Dictionary<string, string?> { ["Passkeys:Enabled"] = "true", ["AuthKit:PublicOrigin"] = "https://app.example.test" };

        var failure = AuthKitAppFactory.StartUpFailure(() => new AuthKitAppFactory("Stateless", settings, services: s =>
            s.AddScoped<IUserStore>(sp => new PasswordOnlyStore(sp.GetRequiredService<AuthKit.TestApp.InMemoryUserStore>()))));

        failure.ToString().Should().Contain("AddPasskeys() needs the user store to implement IUserPasskeyStore");
    }

    [Fact]
    public async Task LocalhostOverHttp_IsAcceptedForDevelopment()
    {
        var settings = new Dictionary<string, string?> { ["Passkeys:Enabled"] = "true", ["AuthKit:PublicOrigin"] = "http://localhost:5000" };
        using var app = new AuthKitAppFactory("Stateless", settings);
        var client = app.CreateSessionClient();
        await client.SignUpAndInAsync("someone@example.test");

        var options = await client.PostAsync("/api/auth/passkeys/register/options");

        options.StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await options.Content.ReadAsStringAsync()).Should().Contain("\"id\":\"localhost\"");
    }

    /// <summary>A user store without the passkey interface.</summary>
    private sealed class PasswordOnlyStore(IUserStore inner) : IUserStore
    {
        public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => inner.FindByEmailAsync(normalizedEmail, cancellationToken);

        public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => inner.FindByIdAsync(userId, cancellationToken);

        public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken) => inner.CreateAsync(user, cancellationToken);

        public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => inner.UpdatePasswordHashAsync(userId, passwordHash, cancellationToken);
    }
}
