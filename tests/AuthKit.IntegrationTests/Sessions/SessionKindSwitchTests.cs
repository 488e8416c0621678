using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Sessions;

/// <summary>
/// <c>AddSessions()</c> runs the kind named by AuthKit's own switch, <c>AuthKit:Sessions:Kind</c>: switching kinds is
/// configuration, not code (the test app and the sample both use it).
/// </summary>
public sealed class SessionKindSwitchTests : AppTestBase
{
    private string? _kind;

    protected override AuthKitAppFactory CreateApp() => new(
        "ignored",
        new Dictionary<string, string?> { ["Sessions:Mode"] = null, ["AuthKit:Sessions:Kind"] = _kind });

    [Theory]
    [InlineData("Database", "Database")]
    [InlineData("database", "Database")]
    [InlineData("Stateless", "Stateless")]
    [InlineData(null, "Stateless")]
    public async Task TheConfiguredKind_IsTheKindThatRuns(string? configured, string expected)
    {
        _kind = configured;
        var client = Client();

        var response = await client.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = "correct horse battery staple" });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("kind").GetString().Should().Be(expected);
        (await client.GetAsync("/api/auth/sessions")).StatusCode.Should().Be(expected == "Database" ? HttpStatusCode.OK : HttpStatusCode.NotFound,
            "only database sessions are recorded, so only they can be listed");
    }

    [Fact]
    public void AnUnknownKind_StopsTheAppAtStartUp_NamingTheKey()
    {
        _kind = "Cookie";

        var failure = AuthKitAppFactory.StartUpFailure(CreateApp);

        failure.ToString().Should().Contain("AuthKit:Sessions:Kind");
    }
}
