using System.Net;
using System.Text.Json.Nodes;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.NextJs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Net.Http.Headers;

namespace AuthKit.IntegrationTests.NextJs;

/// <summary>The test app with stateless sessions in a Next.js cookie format, and a client that holds that cookie.</summary>
public sealed class NextJsApp : IDisposable
{
    public const string JoseSecret = "K7gNU3sdo+OL0wNhqoVWhr3g6s1xYv72ol/pe/Unols=";
    public const string IronPasswordOne = "first_password_that_is_long_enough_for_iron!";
    public const string IronPasswordTwo = "second_password_that_is_long_enough_for_iron";

    private readonly AuthKitAppFactory _factory;

    public NextJsApp(NextJsSessionFormat format, Action<NextJsSessionOptions>? configure = null, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null, string environment = "Development")
    {
        _factory = new AuthKitAppFactory(
            "Stateless",
            settings,
            environment,
            time: time ?? new FakeTimeProvider(RealNow()),
            services: services => services.AddAuthKit().UseNextJsSessions(o =>
            {
                o.Format = format;
                o.Secret = JoseSecret;
                o.Passwords["1"] = IronPasswordOne;
                configure?.Invoke(o);
            }));
        Client = _factory.CreateSessionClient();
        Client.CookieName = "session";
    }

    public FakeTimeProvider Time => _factory.Time;

    public TestLogs Logs => _factory.Logs;

    /// <summary>Gets the client that holds the Next.js session cookie.</summary>
    public SessionClient Client { get; }

    public HttpClient Http => Client.Http;

    public string CookieName
    {
        get => Client.CookieName;
        set => Client.CookieName = value;
    }

    /// <summary>Gets or sets the cookie value sent with each request (null: none).</summary>
    public string? Cookie
    {
        get => Client.Cookie;
        set => Client.Cookie = value;
    }

    /// <summary>Gets or sets the Origin header sent with unsafe requests (null: none), as a browser on this site would.</summary>
    public string? Origin
    {
        get => Client.Origin;
        set => Client.Origin = value;
    }

    public SetCookieHeaderValue? LastSetCookie => Client.LastSetCookie;

    /// <summary>Node's clock and the app's fake clock must agree for cookies made by node: start at the real time (whole ms).</summary>
    public static DateTimeOffset RealNow() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) => Client.SendAsync(method, path, body);

    /// <summary>The signed-in user's id as the app's secure check sees it, or null for 401.</summary>
    public async Task<string?> UserIdAsync()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/me");
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            return null;
        }

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["userId"]!.GetValue<string>();
    }

    public async Task<JsonObject> MeAsync()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/me");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    /// <summary>Signs a new user up and in through AuthKit; returns the user id (the cookie is held).</summary>
    public async Task<string> SignUpAndInAsync(string email)
    {
        (await SendAsync(HttpMethod.Post, "/test/users", new { email, password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.OK);
        var response = await SendAsync(HttpMethod.Post, "/test/signin", new { email, password = "correct horse battery staple" });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Cookie.Should().NotBeNull("sign-in sets the session cookie");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["userId"]!.GetValue<string>();
    }

    public void Dispose()
    {
        Client.Dispose();
        _factory.Dispose();
    }
}
