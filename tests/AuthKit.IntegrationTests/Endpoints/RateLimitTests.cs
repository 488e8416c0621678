using System.Net;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>ASP.NET Core's rate limiter in front of AuthKit's unsafe endpoints, per client address.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Endpoints_BeyondThePermitLimit_Get429WithRetryAfter()
    {
        using var app = new AuthKitAppFactory("Stateless", new Dictionary<string, string?> { ["AuthKit:RateLimit:PermitLimit"] = "3" });
        using var client = app.CreateSessionClient();

        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsync("/api/auth/login", new { email = $"user{i}@example.com", password = "whatever password" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var limited = await client.PostAsync("/api/auth/signup", new { email = "new@example.com", password = "correct horse battery staple" });

        limited.StatusCode.Should().Be((HttpStatusCode)429);
        limited.Headers.RetryAfter.Should().NotBeNull();
        limited.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await client.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "reading the session is not rate limited");
    }

    [Fact]
    public async Task RateLimitOff_DoesNotLimit()
    {
        using var app = new AuthKitAppFactory("Stateless", new Dictionary<string, string?> { ["AuthKit:RateLimit:PermitLimit"] = "1", ["AuthKit:RateLimit:Enabled"] = "false", ["AuthKit:Throttling:Enabled"] = "false" });
        using var client = app.CreateSessionClient();

        for (var i = 0; i < 5; i++)
        {
            (await client.PostAsync("/api/auth/login", new { email = "a@example.com", password = "whatever password" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }
    }
}
