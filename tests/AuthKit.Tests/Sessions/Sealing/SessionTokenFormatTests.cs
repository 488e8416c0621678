using System.Buffers.Text;
using AuthKit.Sessions.Sealing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.Sessions.Sealing;

public sealed class SessionTokenFormatTests : IDisposable
{
    private readonly KeyRing _ring = Ring(("k1", new byte[32]), ("k2", Enumerable.Range(1, 40).Select(i => (byte)i).ToArray()));

    public void Dispose() => _ring.Dispose();

    private static KeyRing Ring(params (string Id, byte[] Secret)[] keys)
    {
        var options = new AuthKitOptions();
        foreach (var (id, secret) in keys)
        {
            options.Keys.Add(new AuthKitKeyOptions { Id = id, Secret = Convert.ToBase64String(secret) });
        }

        return new KeyRing(Options.Create(options), NullLogger<KeyRing>.Instance);
    }

    private static SessionTokenFormat.OpenResult Open(SessionTokenFormat format, string token, out byte[] plaintext)
    {
        // The buffer AuthKit itself opens into: sized to the token, not to the largest token.
        var buffer = new byte[SessionTokenFormat.MaxPlaintextLengthOf(token.Length)];
        var result = format.TryUnprotect(token, buffer, out var written);
        plaintext = buffer[..written];
        return result;
    }

    [Fact]
    public void Protect_SealsWithTheLastKey_AndOpens()
    {
        var format = new SessionTokenFormat(_ring, "p", "c");

        var token = format.Protect("hello"u8);

        var bytes = Base64Url.DecodeFromChars(token);
        bytes[0].Should().Be(SessionTokenFormat.Version);
        System.Text.Encoding.ASCII.GetString(bytes, 2, bytes[1]).Should().Be("k2");
        Open(format, token, out var plaintext).Should().Be(SessionTokenFormat.OpenResult.Opened);
        plaintext.Should().Equal("hello"u8.ToArray());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(SessionTokenFormat.MaxPlaintextLength)]
    public void APlaintextOfAnySize_OpensIntoABufferSizedToItsToken(int size)
    {
        var format = new SessionTokenFormat(_ring, "p", "c");
        var original = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        var token = format.Protect(original);

        SessionTokenFormat.MaxPlaintextLengthOf(token.Length).Should().BeGreaterThanOrEqualTo(size);
        Open(format, token, out var plaintext).Should().Be(SessionTokenFormat.OpenResult.Opened);
        plaintext.Should().Equal(original);
    }

    [Fact]
    public void Protect_SamePlaintextTwice_GivesDifferentTokens()
    {
        var format = new SessionTokenFormat(_ring, "p", "c");

        format.Protect("hello"u8).Should().NotBe(format.Protect("hello"u8), "every seal draws a fresh nonce");
    }

    [Fact]
    public void TryUnprotect_TokenFromAnOlderKey_OpensAndSaysSo()
    {
        using var old = Ring(("k1", new byte[32]));
        var token = new SessionTokenFormat(old, "p", "c").Protect("hello"u8);

        Open(new SessionTokenFormat(_ring, "p", "c"), token, out _).Should().Be(SessionTokenFormat.OpenResult.OpenedWithOlderKey);
    }

    [Theory]
    [InlineData("other-purpose", "c")]
    [InlineData("p", "other-cookie")]
    public void TryUnprotect_OtherPurposeOrCookieName_IsForged(string purpose, string cookie)
    {
        var token = new SessionTokenFormat(_ring, "p", "c").Protect("hello"u8);

        Open(new SessionTokenFormat(_ring, purpose, cookie), token, out var plaintext).Should().Be(SessionTokenFormat.OpenResult.Forged);
        plaintext.Should().BeEmpty();
    }

    [Fact]
    public void TryUnprotect_UnknownKeyId_IsRefused()
    {
        using var other = Ring(("k9", new byte[32]));
        var token = new SessionTokenFormat(other, "p", "c").Protect("hello"u8);

        Open(new SessionTokenFormat(_ring, "p", "c"), token, out _).Should().Be(SessionTokenFormat.OpenResult.UnknownKey);
    }

    [Fact]
    public void TryUnprotect_NonCanonicalEncodings_AreMalformed()
    {
        var format = new SessionTokenFormat(_ring, "p", "c");
        var token = format.Protect("hello!"u8);
        var bytes = Base64Url.DecodeFromChars(token);

        Open(format, Convert.ToBase64String(bytes), out _).Should().NotBe(SessionTokenFormat.OpenResult.Opened);
        Open(format, token + "=", out _).Should().Be(SessionTokenFormat.OpenResult.Malformed);
        Open(format, " " + token, out _).Should().Be(SessionTokenFormat.OpenResult.Malformed);
        Open(format, token, out _).Should().Be(SessionTokenFormat.OpenResult.Opened);
    }

    [Fact]
    public void TryUnprotect_LastCharacterWithOtherUnusedBits_IsMalformed()
    {
        var format = new SessionTokenFormat(_ring, "p", "c");
        // 2 + 2 ("k2") + 12 + 2 + 16 = 34 bytes: the last Base64 group is partial, so the last character has unused bits.
        var token = format.Protect("xy"u8);
        (Base64Url.DecodeFromChars(token).Length % 3).Should().NotBe(0);

        // Find a last character that decodes to the same bytes (only the unused low bits differ).
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        var last = alphabet.IndexOf(token[^1], StringComparison.Ordinal);
        var sibling = alphabet[last ^ 1];

        Open(format, token[..^1] + sibling, out _).Should().Be(SessionTokenFormat.OpenResult.Malformed);
    }

    [Fact]
    public void TryUnprotect_Oversized_IsMalformedWithoutDecoding()
    {
        var format = new SessionTokenFormat(_ring, "p", "c");

        Open(format, new string('A', SessionTokenFormat.MaxTokenLength + 1), out _).Should().Be(SessionTokenFormat.OpenResult.Malformed);
    }
}
