using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>
/// An IPv6 client owns a whole /64 and can rotate through it: the per-client rate limit and sign-in throttling count it
/// as one client (hardening #6).
/// </summary>
public sealed class ClientAddressTests : AppTestBase
{
    protected override AuthKitAppFactory CreateApp() => new("Stateless");

    private static Dictionary<string, string> From(string address) => new() { [TestRemoteAddress.Header] = address };

    private static async Task<string?> TitleAsync(HttpResponseMessage response)
        => (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString();

    [Fact]
    public async Task RateLimit_CountsEveryAddressOfOneIpv6Slash64AsOneClient()
    {
        var client = Client();
        for (var i = 1; i <= 30; i++)
        {
            var refused = await client.PostAsync("/api/auth/signup", new { email = "not an email", password = "x" }, From($"2001:db8:1:2::{i:x}"));
            refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        }

        var limited = await client.PostAsync("/api/auth/signup", new { email = "not an email", password = "x" }, From("2001:db8:1:2:ffff:ffff:ffff:fffe"));

        limited.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await TitleAsync(limited)).Should().Be("Too many requests.");
        (await client.PostAsync("/api/auth/signup", new { email = "not an email", password = "x" }, From("2001:db8:1:3::1"))).StatusCode
            .Should().Be(HttpStatusCode.BadRequest, "the next /64 is another client");
    }

    [Fact]
    public async Task SignInThrottle_CountsEveryAddressOfOneIpv6Slash64AsOneClient()
    {
        var client = Client();
        for (var i = 1; i <= 20; i++)
        {
            var failed = await client.PostAsync("/api/auth/login", new { email = $"user{i}@example.com", password = "wrong" }, From($"2001:db8:1:2::{i:x}"));
            failed.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        }

        var throttled = await client.PostAsync("/api/auth/login", new { email = "user21@example.com", password = "wrong" }, From("2001:db8:1:2:abcd::1"));

        throttled.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        (await TitleAsync(throttled)).Should().Be("Too many attempts.");
        (await client.PostAsync("/api/auth/login", new { email = "user22@example.com", password = "wrong" }, From("2001:db8:9::1"))).StatusCode
            .Should().Be(HttpStatusCode.Unauthorized, "another /64 is another client");
    }
}
