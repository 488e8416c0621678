using System.Text;
using System.Text.Json.Nodes;
using AuthKit.NextJs.Internal;

namespace AuthKit.Tests.NextJs;

/// <summary>The iron Fe26.2 seal against the published vectors (hapijs/iron, iron-webcrypto).</summary>
public sealed class IronSealTests
{
    private static readonly JsonObject Vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "iron-fe26.json")))!.AsObject();

    private static readonly byte[] Password = Encoding.UTF8.GetBytes(Vectors["password"]!.GetValue<string>());

    private static string Seal(string name) => Vectors["vectors"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!["seal"]!.GetValue<string>();

    private static string? Unseal(string seal, out IronSeal.Opened opened, byte[]? password = null)
        => IronSeal.TryUnseal(seal, _ => password ?? Password, out opened);

    [Fact]
    public void GoodVector_OpensToThePublishedObject()
    {
        var refusal = Unseal(Seal("good"), out var opened);

        refusal.Should().BeNull();
        JsonNode.DeepEquals(JsonNode.Parse(opened.Json), JsonNode.Parse("""{"a":1,"b":2,"c":[3,4,5],"d":{"e":"f"}}""")).Should().BeTrue();
        opened.ExpirationMs.Should().BeNull();
    }

    [Fact]
    public void BadHmacVector_IsRefused()
    {
        // Its digest is not even a canonical Base64url encoding of 32 bytes; iron-webcrypto refuses it as a bad HMAC.
        Unseal(Seal("bad-hmac"), out _).Should().BeOneOf("bad hmac", "malformed");
    }

    [Fact]
    public void ExpiredVector_IsRefusedAsExpired_BeforeAnyCryptography()
    {
        var refusal = IronSeal.TryUnseal(Seal("expired"), _ => throw new InvalidOperationException("no password may be looked up"), out _, new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));

        refusal.Should().Be("expired");
    }

    [Fact]
    public void ExpiredVector_IsAcceptedUntilSixtySecondsAfterItsExpiration()
    {
        var expiration = DateTimeOffset.FromUnixTimeMilliseconds(1380495854060);

        IronSeal.TryUnseal(Seal("expired"), _ => Password, out _, expiration + TimeSpan.FromSeconds(60)).Should().Be("expired");
        IronSeal.TryUnseal(Seal("expired"), _ => Password, out _, expiration + TimeSpan.FromSeconds(59)).Should().NotBe("expired");
    }

    [Fact]
    public void GoodVector_WithAnotherPassword_IsRefused()
    {
        Unseal(Seal("good"), out _, Encoding.UTF8.GetBytes("another_password_that_is_long_enough_too")).Should().Be("bad hmac");
    }

    [Fact]
    public void SealThenUnseal_RoundTrips_WithTheHexTextSaltLayout()
    {
        var seal = IronSeal.Seal("""{"userId":"7"}"""u8, "3", Password, 1_900_000_000_000);

        var parts = seal.Split('*');
        parts.Should().HaveCount(8);
        parts[0].Should().Be("Fe26.2");
        parts[1].Should().Be("3");
        parts[2].Should().MatchRegex("^[0-9a-f]{64}$");
        parts[6].Should().MatchRegex("^[0-9a-f]{64}$");
        Unseal(seal, out var opened).Should().BeNull();
        Encoding.UTF8.GetString(opened.Json).Should().Be("""{"userId":"7"}""");
        opened.PasswordId.Should().Be("3");
    }

    [Theory]
    [InlineData(2)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(100)]
    [InlineData(150)]
    public void AnyFlippedCharacter_IsRefused_WithoutAnException(int index)
    {
        var seal = Seal("good");
        var at = Math.Min(index, seal.Length - 1);
        var flipped = seal[..at] + (seal[at] == 'A' ? 'B' : 'A') + seal[(at + 1)..];

        Unseal(flipped, out _).Should().NotBeNull();
    }

    [Theory]
    [InlineData("")]
    [InlineData("Fe26.2")]
    [InlineData("Fe26.1**a*b*c**d*e")]
    [InlineData("Fe26.2**a*b*c*0123*d*e")]
    [InlineData("Fe26.2**a*b*c*-1*d*e")]
    [InlineData("Fe26.2*1*a*b*c*d*e*f*g")]
    public void MalformedSeal_IsRefused(string seal)
    {
        Unseal(seal, out _).Should().NotBeNull();
    }
}
