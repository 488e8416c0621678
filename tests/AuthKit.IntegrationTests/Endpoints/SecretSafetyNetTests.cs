using System.Net;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>Members marked secret never leave through the app's JSON serializer.</summary>
public sealed class SecretSafetyNetTests
{
    [Theory]
    [InlineData("/test/leak-user")]
    [InlineData("/test/leak-secret")]
    public async Task InDevelopment_SerialisingASecret_Throws(string path)
    {
        using var app = new AuthKitAppFactory("Stateless", environment: "Development");
        using var client = app.CreateSessionClient();
        await client.PostAsync("/test/users", new { email = "ann@example.com", password = "correct horse battery staple" });

        var response = await client.GetAsync(path);

        // The developer exception page shows the leak to the developer; the secret itself is not in it.
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var page = await response.Content.ReadAsStringAsync();
        page.Should().Contain("is secret and must not be serialised").And.NotContain("pbkdf2").And.NotContain("s3cr3t");
        app.Logs.Lines.Should().Contain(l => l.Exception is AuthKit.Mapping.SecretSerializationException);
    }

    [Theory]
    [InlineData("/test/leak-user", "passwordHash")]
    [InlineData("/test/leak-secret", "token")]
    public async Task OutsideDevelopment_TheSecretIsOmitted(string path, string member)
    {
        using var app = new AuthKitAppFactory("Stateless", environment: "Production");
        using var client = app.CreateSessionClient();
        await client.PostAsync("/test/users", new { email = "ann@example.com", password = "correct horse battery staple" });

        var response = await client.GetAsync(path);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain(member).And.NotContain("pbkdf2").And.NotContain("s3cr3t");
        body.Should().ContainAny("ann@example.com", "visible");
    }
}
