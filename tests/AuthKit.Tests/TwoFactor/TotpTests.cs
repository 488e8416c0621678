using System.Text;
using AuthKit.TwoFactor;
using OtpNet;
using Totp = AuthKit.TwoFactor.Totp;

namespace AuthKit.Tests.TwoFactor;

public sealed class TotpTests
{
    // RFC 6238 Appendix B, SHA-1 rows: the ASCII secret "12345678901234567890", 8 digits, 30-second steps.
    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Compute_MatchesTheRfc6238Vectors(long unixSeconds, string expected)
    {
        var secret = Encoding.ASCII.GetBytes("12345678901234567890");

        Totp.Compute(secret, unixSeconds / 30, digits: 8).Should().Be(expected);
    }

    [Fact]
    public void Compute_AgreesWithOtpNet_OnRandomSecretsAndTimes()
    {
        var random = new Random(6238);
        for (var i = 0; i < 500; i++)
        {
            var secret = new byte[20];
            random.NextBytes(secret);
            var time = DateTimeOffset.FromUnixTimeSeconds(random.NextInt64(0, 4_000_000_000));

            Totp.Compute(secret, Totp.StepAt(time)).Should().Be(new OtpNet.Totp(secret).ComputeTotp(time.UtcDateTime));
        }
    }

    [Fact]
    public void Match_AcceptsThisStepAndOneEitherSide_NotTwo()
    {
        var secret = KeyGeneration.GenerateRandomKey(20);
        var now = new DateTimeOffset(2026, 11, 30, 12, 0, 15, TimeSpan.Zero);
        var step = Totp.StepAt(now);

        Totp.Match(secret, Totp.Compute(secret, step), now).Should().Be(step);
        Totp.Match(secret, Totp.Compute(secret, step - 1), now).Should().Be(step - 1);
        Totp.Match(secret, Totp.Compute(secret, step + 1), now).Should().Be(step + 1);
        Totp.Match(secret, Totp.Compute(secret, step - 2), now).Should().BeNull();
        Totp.Match(secret, Totp.Compute(secret, step + 2), now).Should().BeNull();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12 456")]
    [InlineData("١٢٣٤٥٦")] // Arabic-Indic digits are digits, but not the ASCII ones authenticator apps show
    public void Match_MalformedCode_IsNull(string? code)
        => Totp.Match(new byte[20], code, DateTimeOffset.UnixEpoch.AddYears(56)).Should().BeNull();

    [Fact]
    public void Uri_IsWhatAuthenticatorAppsRead()
    {
        var uri = Totp.Uri("JBSWY3DPEHPK3PXP", "Example & Co", "ann@example.com");

        uri.Should().Be("otpauth://totp/Example%20%26%20Co:ann%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=Example%20%26%20Co&algorithm=SHA1&digits=6&period=30");
    }

    // RFC 4648 §10 test vectors, without padding.
    [Theory]
    [InlineData("", "")]
    [InlineData("f", "MY")]
    [InlineData("fo", "MZXQ")]
    [InlineData("foo", "MZXW6")]
    [InlineData("foob", "MZXW6YQ")]
    [InlineData("fooba", "MZXW6YTB")]
    [InlineData("foobar", "MZXW6YTBOI")]
    public void Base32_MatchesRfc4648(string text, string encoded)
    {
        Base32.Encode(Encoding.ASCII.GetBytes(text)).Should().Be(encoded);
        Base32.Decode(encoded).Should().Equal(Encoding.ASCII.GetBytes(text));
        Base32.Decode(encoded.ToLowerInvariant() + "====").Should().Equal(Encoding.ASCII.GetBytes(text));
    }
}
