using System.Net;
using System.Net.Http.Json;
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
        Http = _factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions
        {
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = false,
            AllowAutoRedirect = false,
        });
    }

    public FakeTimeProvider Time => _factory.Time;

    public TestLogs Logs => _factory.Logs;

    public HttpClient Http { get; }

    public string CookieName { get; set; } = "session";

    /// <summary>Gets or sets the cookie value sent with each request (null: none).</summary>
    public string? Cookie { get; set; }

    /// <summary>Gets or sets the Origin header sent with unsafe requests (null: none), as a browser on this site would.</summary>
    public string? Origin { get; set; } = "https://localhost";

    public SetCookieHeaderValue? LastSetCookie { get; private set; }

    /// <summary>Node's clock and the app's fake clock must agree for cookies made by node: start at the real time (whole ms).</summary>
    public static DateTimeOffset RealNow() => DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Origin is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Headers.Add("Origin", Origin);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", $"{CookieName}={Cookie}");
        }

        var response = await Http.SendAsync(request);
        LastSetCookie = null;
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var header in SetCookieHeaderValue.ParseList(values.ToList()).Where(h => h.Name.Value == CookieName))
            {
                LastSetCookie = header;
                var deleted = header.Expires is { } expires && expires < DateTimeOffset.UtcNow.AddYears(-1);
                // ASP.NET Core percent-encodes cookie values ('*' becomes %2A); browsers send them back as written and
                // both Next.js and iron-session decode them, so the client holds the decoded value.
                Cookie = deleted || header.Value.Length == 0 ? null : Uri.UnescapeDataString(header.Value.Value!);
            }
        }

        return response;
    }

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
        Http.Dispose();
        _factory.Dispose();
    }
}
