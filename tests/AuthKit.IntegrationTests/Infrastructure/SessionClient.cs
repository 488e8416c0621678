using System.Net;
using System.Net.Http.Json;
using Microsoft.Net.Http.Headers;

namespace AuthKit.IntegrationTests.Infrastructure;

/// <summary>
/// An HTTP client that holds the session cookie explicitly, so tests can capture, replay, tamper with and
/// inspect it like an attacker or a second device would.
/// </summary>
public sealed class SessionClient(HttpClient http) : IDisposable
{
    public const string DefaultCookieName = "__Host-authkit";

    public HttpClient Http { get; } = http;

    /// <summary>Gets or sets the name of the session cookie this client holds (a Next.js format names its own).</summary>
    public string CookieName { get; set; } = DefaultCookieName;

    /// <summary>Gets or sets the cookie value sent with each request (null: none).</summary>
    public string? Cookie { get; set; }

    /// <summary>Gets or sets the Origin header sent with unsafe requests (null: none), as a browser on this site would.</summary>
    public string? Origin { get; set; } = "https://localhost";

    /// <summary>Gets the other cookies the app set (the second factor's pending, setup and device cookies), sent back like a browser would.</summary>
    public Dictionary<string, string> OtherCookies { get; } = new(StringComparer.Ordinal);

    /// <summary>Gets or sets the second factor's pending cookie (<c>__Host-authkit-2fa</c>).</summary>
    public string? PendingCookie
    {
        get => OtherCookies.GetValueOrDefault(CookieName + "-2fa");
        set
        {
            if (value is null)
            {
                OtherCookies.Remove(CookieName + "-2fa");
            }
            else
            {
                OtherCookies[CookieName + "-2fa"] = value;
            }
        }
    }

    /// <summary>Gets the Set-Cookie header of the session cookie in the last response, if any.</summary>
    public SetCookieHeaderValue? LastSetCookie { get; private set; }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Origin is not null && method != HttpMethod.Get && method != HttpMethod.Head)
        {
            request.Headers.Add("Origin", Origin);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        var cookies = OtherCookies.Select(c => $"{c.Key}={c.Value}").ToList();
        if (Cookie is not null)
        {
            cookies.Insert(0, $"{CookieName}={Cookie}");
        }

        if (cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", cookies));
        }

        var response = await Http.SendAsync(request);
        LastSetCookie = null;
        if (response.Headers.TryGetValues("Set-Cookie", out var values))
        {
            foreach (var header in SetCookieHeaderValue.ParseList(values.ToList()))
            {
                if (header.Name.Value != CookieName)
                {
                    var gone = header.Expires is { } at && at < DateTimeOffset.UtcNow.AddYears(-1) || header.Value.Length == 0;
                    if (gone)
                    {
                        OtherCookies.Remove(header.Name.Value!);
                    }
                    else
                    {
                        OtherCookies[header.Name.Value!] = header.Value.Value!;
                    }

                    continue;
                }

                LastSetCookie = header;
                var deleted = header.Expires is { } expires && expires < DateTimeOffset.UtcNow.AddYears(-1);

                // ASP.NET Core percent-encodes cookie values ('*' becomes %2A; AuthKit's own Base64url needs none);
                // Next.js and iron-session decode them, so the client holds the decoded value.
                Cookie = deleted || header.Value.Length == 0 ? null : Uri.UnescapeDataString(header.Value.Value!);
            }
        }

        return response;
    }

    public Task<HttpResponseMessage> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<HttpResponseMessage> PostAsync(string path, object? body = null, IDictionary<string, string>? headers = null)
        => SendAsync(HttpMethod.Post, path, body ?? new { }, headers);

    public async Task<string> SignUpAndInAsync(string email, string password = "correct horse battery staple", Dictionary<string, string>? values = null)
    {
        (await PostAsync("/test/users", new { email, password })).StatusCode.Should().Be(HttpStatusCode.OK);
        return await SignInAsync(email, password, values);
    }

    public async Task<string> SignInAsync(string email, string password = "correct horse battery staple", Dictionary<string, string>? values = null)
    {
        var response = await PostAsync("/test/signin", new { email, password, values });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        Cookie.Should().NotBeNull("sign-in sets the session cookie");
        return Cookie!;
    }

    public void Dispose() => Http.Dispose();
}
