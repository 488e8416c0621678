using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AuthKit.NextJs;
using AuthKit.NextJs.Internal;
using AuthKit.Sessions.Cookies;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.NextJs;

/// <summary>The Next.js guide's HS256 session JWT against the published vector, and the header tricks it must refuse.</summary>
public sealed class JoseTokenTests
{
    private static readonly JsonObject Vector = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "jose-nextjs-session.json")))!.AsObject();

    private static readonly string Secret = Vector["secret"]!.GetValue<string>();

    private static readonly byte[] Key = Encoding.UTF8.GetBytes(Secret);

    private static string Token => Vector["vectors"]![0]!["token"]!.GetValue<string>();

    private static JoseSessionCodec Codec(Action<NextJsSessionOptions>? configure = null)
    {
        var options = new NextJsSessionOptions { Secret = Secret };
        configure?.Invoke(options);
        return new JoseSessionCodec(new PayloadMapping(options, TimeSpan.FromDays(30)), new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1735689600)));
    }

    private static string Sign(string headerJson, string payloadJson, byte[]? key = null)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(payloadJson));
        return input + "." + Base64Url.EncodeToString(HMACSHA256.HashData(key ?? Key, Encoding.ASCII.GetBytes(input)));
    }

    [Fact]
    public void PublishedVector_Opens_WithTheUserAndTimesOfThePayload()
    {
        var session = Codec().Open(Token, out var refusal, out _);

        refusal.Should().BeNull();
        session!.UserId.Should().Be("42");
        session.IssuedAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1735689600));
        session.IdleExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1736294400));
        session.AbsoluteExpiresAt.Should().Be(DateTimeOffset.FromUnixTimeSeconds(1735689600) + TimeSpan.FromDays(30));
    }

    [Fact]
    public void SealingThePublishedPayload_GivesThePublishedTokenByteForByte()
    {
        var payload = new SessionCookiePayload(
            ReadOnlyMemory<byte>.Empty,
            "42",
            [],
            DateTimeOffset.FromUnixTimeSeconds(1735689600),
            DateTimeOffset.FromUnixTimeSeconds(1736294400),
            DateTimeOffset.FromUnixTimeSeconds(1738281600),
            new Dictionary<string, string>());

        // The guide's payload has no auth_time: with SignedInAtPath off, AuthKit writes the guide's bytes exactly.
        Codec(o => o.SignedInAtPath = null).Seal(payload).Should().Be(Token);
    }

    [Fact]
    public void Seal_RecordsTheSignInTime_WhichTheAbsoluteLimitCountsFromAfterAReissue()
    {
        var signedIn = DateTimeOffset.FromUnixTimeSeconds(1735689600);
        var reissued = new SessionCookiePayload(
            ReadOnlyMemory<byte>.Empty,
            "42",
            [],
            signedIn.AddDays(20),
            signedIn.AddDays(27),
            signedIn.AddDays(30),
            new Dictionary<string, string>());

        var token = Codec().Seal(reissued);
        var payload = System.Text.Json.Nodes.JsonNode.Parse(Base64Url.DecodeFromChars(token.Split('.')[1]))!;
        var opened = Codec().Open(token, out var refusal, out _);

        payload["auth_time"]!.GetValue<long>().Should().Be(1735689600);
        refusal.Should().BeNull();
        opened!.AbsoluteExpiresAt.Should().Be(signedIn.AddDays(30), "not the re-issue time plus 30 days");
    }

    [Fact]
    public void PublishedVector_WithAnotherSecret_IsRefused()
    {
        Codec(o => o.Secret = "another-secret-that-is-long-enough-to-be-valid").Open(Token, out var refusal, out _).Should().BeNull();

        refusal.Should().Be("bad signature");
    }

    [Theory]
    [InlineData("""{"alg":"none"}""")]
    [InlineData("""{"alg":"HS512"}""")]
    [InlineData("""{"alg":"RS256"}""")]
    [InlineData("""{"alg":"hs256"}""")]
    [InlineData("""{"alg":"HS256","crit":["exp"]}""")]
    [InlineData("""{"alg":"HS256","b64":false}""")]
    [InlineData("""{"alg":"HS256","jwk":{"kty":"oct","k":"AA"}}""")]
    [InlineData("""{"alg":"HS256","jku":"https://evil.example/keys"}""")]
    [InlineData("""{"alg":"HS256","enc":"A256GCM"}""")]
    [InlineData("""{"alg":"HS256","alg":"none"}""")]
    [InlineData("""{"alg":"none","alg":"HS256"}""")]
    [InlineData("""{"typ":"JWT"}""")]
    [InlineData("""["alg","HS256"]""")]
    public void HeaderOtherThanHS256_IsRefused_EvenWithAValidSignature(string header)
    {
        var token = Sign(header, """{"userId":"42","iat":1735689600,"exp":1736294400}""");

        Codec().Open(token, out var refusal, out _).Should().BeNull();
        refusal.Should().Be("algorithm or header refused");
    }

    [Fact]
    public void HeaderWithTypAndKid_IsAccepted()
    {
        var token = Sign("""{"alg":"HS256","typ":"JWT","kid":"1"}""", """{"userId":"42","iat":1735689600,"exp":1736294400}""");

        Codec().Open(token, out _, out _)!.UserId.Should().Be("42");
    }

    [Theory]
    [InlineData("""{"userId":"42","iat":1735689600}""")]
    [InlineData("""{"userId":"42","iat":1735689600,"exp":"1736294400"}""")]
    [InlineData("""{"userId":"42","iat":"yesterday","exp":1736294400}""")]
    [InlineData("""{"userId":"42","iat":1735689600,"exp":1736294400,"nbf":1735689601}""")]
    [InlineData("""{"iat":1735689600,"exp":1736294400}""")]
    [InlineData("""{"userId":"","iat":1735689600,"exp":1736294400}""")]
    [InlineData("""{"userId":{"id":1},"iat":1735689600,"exp":1736294400}""")]
    [InlineData("""{"userId":"42","roles":[1],"iat":1735689600,"exp":1736294400}""")]
    [InlineData("""{"userId":"42","userId":"43","iat":1735689600,"exp":1736294400}""")]
    [InlineData("""[1,2]""")]
    public void SignedPayloadWithoutAUsableUserOrExpiry_IsRefused(string payload)
    {
        Codec().Open(Sign("""{"alg":"HS256"}""", payload), out var refusal, out _).Should().BeNull();

        refusal.Should().NotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("a.b")]
    [InlineData("a.b.c.d")]
    public void MalformedToken_IsRefused(string token)
    {
        Codec().Open(token, out var refusal, out _).Should().BeNull();

        refusal.Should().NotBeNull();
    }

    [Fact]
    public void TruncatedSignature_IsRefused()
    {
        var token = Token[..^4];

        Codec().Open(token, out _, out _).Should().BeNull();
    }

    [Fact]
    public void PaddedOrNonCanonicalEncoding_IsRefused()
    {
        var parts = Token.Split('.');
        var padded = $"{parts[0]}=.{parts[1]}.{parts[2]}";

        Codec().Open(padded, out _, out _).Should().BeNull();
    }

    [Fact]
    public void NestedUserIdPath_IsRead()
    {
        var token = Sign("""{"alg":"HS256"}""", """{"user":{"id":7,"roles":["admin"]},"iat":1735689600,"exp":1736294400}""");

        var session = Codec(o => { o.UserIdPath = "user.id"; o.RolesPath = "user.roles"; }).Open(token, out _, out _);

        session!.UserId.Should().Be("7");
        session.Roles.Should().Equal("admin");
    }
}
