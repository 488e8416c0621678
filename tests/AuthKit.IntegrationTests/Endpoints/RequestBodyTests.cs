using System.Net;
using System.Net.Http.Headers;
using System.Text;
using AuthKit.IntegrationTests.Infrastructure;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>
/// Every AuthKit endpoint that reads a body refuses bad bodies with problem details, never a 500, and never reads more
/// than a few kilobytes (hardening #1 and #4).
/// </summary>
public sealed class RequestBodyTests : AppTestBase
{
    public static readonly TheoryData<string> BodyEndpoints = new() { "/api/auth/login", "/api/auth/signup", "/api/auth/password" };

    protected override AuthKitAppFactory CreateApp() => new("Stateless");

    private async Task<SessionClient> SignedInAsync()
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        return client;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        body.Should().NotContain("   at ", "no stack trace leaves the server");
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
    }

    private static HttpRequestMessage Post(string path, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Origin", "https://localhost");
        return request;
    }

    private async Task<HttpResponseMessage> SendAsync(SessionClient client, string path, HttpContent content)
    {
        using var request = Post(path, content);
        if (client.Cookie is not null)
        {
            request.Headers.Add("Cookie", $"{SessionClient.DefaultCookieName}={client.Cookie}");
        }

        return await client.Http.SendAsync(request);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task UnknownCharset_Gets415ProblemDetails(string path)
    {
        var client = await SignedInAsync();
        var content = new ByteArrayContent("{\"email\":\"ann@example.com\",\"password\":\"x\"}"u8.ToArray());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=x-nope");

        await AssertProblemAsync(await SendAsync(client, path, content), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task Utf16Charset_Gets415ProblemDetails_JsonIsUtf8(string path)
    {
        var client = await SignedInAsync();
        var content = new ByteArrayContent(Encoding.Unicode.GetBytes("{\"email\":\"ann@example.com\",\"password\":\"x\"}"));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-16");

        await AssertProblemAsync(await SendAsync(client, path, content), HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task TruncatedUtf8_Gets400ProblemDetails(string path)
    {
        var client = await SignedInAsync();
        byte[] body = [.. "{\"email\":\"ann@example.com\",\"password\":\"ab"u8, 0xE2, 0x82, .. "\",\"currentPassword\":\"x\",\"newPassword\":\"y\"}"u8];

        await AssertProblemAsync(await SendAsync(client, path, Json(body)), HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("/api/auth/login", "[\"ann@example.com\", \"password\"]")]
    [InlineData("/api/auth/signup", "[1]")]
    [InlineData("/api/auth/password", "[]")]
    [InlineData("/api/auth/login", "{\"email\": 5, \"password\": 6}")]
    [InlineData("/api/auth/signup", "{\"email\": \"ann@example.com\", \"password\": true}")]
    [InlineData("/api/auth/password", "{\"currentPassword\": 1, \"newPassword\": 2}")]
    [InlineData("/api/auth/login", "{\"email\":\"ann@example.com\",\"password\":\"x\",\"password\":\"y\"}")]
    [InlineData("/api/auth/signup", "{\"email\":\"ann@example.com\",\"email\":\"bob@example.com\",\"password\":\"correct horse battery staple\"}")]
    [InlineData("/api/auth/password", "{\"currentPassword\":\"correct horse battery staple\",\"newPassword\":\"a brand new passphrase\",\"newPassword\":\"another new passphrase\"}")]
    [InlineData("/api/auth/login", "{\"email\":")]
    public async Task MalformedJson_Gets400ProblemDetails(string path, string json)
    {
        var client = await SignedInAsync();

        await AssertProblemAsync(await SendAsync(client, path, Json(Encoding.UTF8.GetBytes(json))), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task DeepNestingWithinTheSizeLimit_Gets400(string path)
    {
        var client = await SignedInAsync();
        var json = "{\"email\":" + new string('[', 4000) + new string(']', 4000) + "}";

        await AssertProblemAsync(await SendAsync(client, path, Json(Encoding.UTF8.GetBytes(json))), HttpStatusCode.BadRequest);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task OneMegabyteOfNesting_Gets413(string path)
    {
        var client = await SignedInAsync();
        var json = "{\"email\":" + new string('[', 1 << 20) + "}";

        await AssertProblemAsync(await SendAsync(client, path, Json(Encoding.UTF8.GetBytes(json))), HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [MemberData(nameof(BodyEndpoints))]
    public async Task BodyOverTheLimit_SentChunked_Gets413(string path)
    {
        var client = await SignedInAsync();

        var response = await SendAsync(client, path, new HugePasswordContent(100_000, knownLength: false));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("/api/auth/logout")]
    [InlineData("/api/auth/sessions/revoke-others")]
    public async Task EndpointsWithoutABody_RefuseALargeOneToo(string path)
    {
        var client = await SignedInAsync();

        await AssertProblemAsync(await SendAsync(client, path, new HugePasswordContent(100_000, knownLength: true)), HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task BodyAtTheLimit_IsRead()
    {
        var client = Client();
        var padding = new string(' ', 16 * 1024 - 100);
        var json = "{\"email\":\"ann@example.com\",\"password\":\"correct horse battery staple\"}" + padding;
        json.Length.Should().BeLessThan(16 * 1024);

        var response = await SendAsync(client, "/api/auth/signup", Json(Encoding.UTF8.GetBytes(json)));

        response.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    internal static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }
}

/// <summary>A 30 MB password of U+FDFA (NFKC expands it 18×) on each endpoint: refused at once, without reading it (hardening #1).</summary>
[Collection(MeasuredCollection.Name)]
public sealed class HugeBodyTests : AppTestBase
{
    protected override AuthKitAppFactory CreateApp() => new("Stateless");

    [Theory]
    [InlineData("/api/auth/login", true)]
    [InlineData("/api/auth/signup", true)]
    [InlineData("/api/auth/password", true)]
    [InlineData("/api/auth/login", false)]
    [InlineData("/api/auth/signup", false)]
    [InlineData("/api/auth/password", false)]
    public async Task ThirtyMegabytePassword_IsRefusedAtOnce_WithABoundedAllocation(string path, bool knownLength)
    {
        var client = Client();
        await client.SignUpAndInAsync("ann@example.com");
        await SendAsync(client, path, new HugePasswordContent(1000, knownLength, path)); // warm up the path

        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var response = await SendAsync(client, path, new HugePasswordContent(10_000_000, knownLength, path));
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        allocated.Should().BeLessThan(4L << 20, "the body is neither buffered nor normalised");
        elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(50));
    }

    private static async Task<HttpResponseMessage> SendAsync(SessionClient client, string path, HttpContent content)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add("Origin", "https://localhost");
        request.Headers.Add("Cookie", $"{SessionClient.DefaultCookieName}={client.Cookie}");
        return await client.Http.SendAsync(request);
    }
}

/// <summary>
/// <c>{"email":…,"password":"ﷺﷺ…","currentPassword":…,"newPassword":"ﷺﷺ…"}</c> written as it is sent, never held in memory
/// whole, with or without a Content-Length.
/// </summary>
internal sealed class HugePasswordContent : HttpContent
{
    private static readonly byte[] Tail = "\"}"u8.ToArray();
    private static readonly byte[] Character = "\uFDFA"u8.ToArray();

    private readonly byte[] _head;
    private readonly int _characters;
    private readonly bool _knownLength;

    /// <param name="characters">How many U+FDFA the password holds.</param>
    /// <param name="knownLength">Whether a Content-Length is sent (otherwise the body is chunked).</param>
    /// <param name="path">The endpoint: the password change gets the huge text as its new password.</param>
    public HugePasswordContent(int characters, bool knownLength, string path = "/api/auth/login")
    {
        var field = path.EndsWith("/password", StringComparison.Ordinal) ? "newPassword" : "password";
        _head = Encoding.UTF8.GetBytes($"{{\"email\":\"ann@example.com\",\"currentPassword\":\"correct horse battery staple\",\"{field}\":\"");
        _characters = characters;
        _knownLength = knownLength;
        Headers.ContentType = new MediaTypeHeaderValue("application/json");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var chunk = new byte[Character.Length * 4096];
        for (var i = 0; i < chunk.Length; i += Character.Length)
        {
            Character.CopyTo(chunk, i);
        }

        await stream.WriteAsync(_head);
        for (var written = 0; written < _characters; written += 4096)
        {
            var count = Math.Min(4096, _characters - written);
            await stream.WriteAsync(chunk.AsMemory(0, count * Character.Length));
        }

        await stream.WriteAsync(Tail);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _head.Length + ((long)_characters * Character.Length) + Tail.Length;
        return _knownLength;
    }
}
