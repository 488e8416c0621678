using AuthKit.Credentials;

namespace AuthKit.Tests.Credentials;

public sealed class EmailAddressTests
{
    [Theory]
    [InlineData("ann@example.com", "ann@example.com")]
    [InlineData("  Ann@Example.COM \t", "ann@example.com")]
    [InlineData("first.last+tag@sub.example.co.uk", "first.last+tag@sub.example.co.uk")]
    [InlineData("ＡＮＮ@ｅｘａｍｐｌｅ.com", "ann@example.com")] // full-width letters fold under NFKC
    [InlineData("zoë@example.com", "zoë@example.com")]
    [InlineData("ZOE\u0308@example.com", "zoë@example.com")] // combining diaeresis composes
    [InlineData("user@bücher.example", "user@bücher.example")]
    public void TryNormalize_ValidAddress_ReturnsNormalForm(string input, string expected)
    {
        EmailAddress.TryNormalize(input, out var normalized).Should().BeTrue();
        normalized.Should().Be(expected);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("plainaddress")]
    [InlineData("@example.com")]
    [InlineData("ann@")]
    [InlineData("ann@@example.com")]
    [InlineData("ann@bob@example.com")]
    [InlineData("ann@localhost")]
    [InlineData("ann smith@example.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("ann@exa mple.com")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@example..com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann.@example.com")]
    [InlineData("an..n@example.com")]
    [InlineData("ann@example.com\u0000")]
    [InlineData("\"ann\"@example.com")]
    [InlineData("ann@exa_mple.com")]
    public void TryNormalize_InvalidAddress_ReturnsFalse(string? input)
    {
        EmailAddress.TryNormalize(input, out var normalized).Should().BeFalse();
        normalized.Should().BeNull();
    }

    [Fact]
    public void TryNormalize_LoneSurrogate_ReturnsFalse()
    {
        // Built in code: attribute arguments cannot carry a lone surrogate intact.
        var input = "ann" + (char)0xD800 + "@example.com";

        EmailAddress.TryNormalize(input, out _).Should().BeFalse();
    }

    [Fact]
    public void TryNormalize_LocalPartOver64_ReturnsFalse()
    {
        EmailAddress.TryNormalize(new string('a', 65) + "@example.com", out _).Should().BeFalse();
        EmailAddress.TryNormalize(new string('a', 64) + "@example.com", out _).Should().BeTrue();
    }

    [Fact]
    public void TryNormalize_Over254Characters_ReturnsFalse()
    {
        var domain = string.Join('.', Enumerable.Repeat(new string('d', 60), 4)) + ".com"; // 247 characters

        EmailAddress.TryNormalize(new string('a', 6) + "@" + domain, out _).Should().BeTrue("254 characters is the limit");
        EmailAddress.TryNormalize(new string('a', 7) + "@" + domain, out _).Should().BeFalse();
    }

    [Fact]
    public void Normalize_InvalidAddress_Throws()
    {
        var act = () => EmailAddress.Normalize("nope");

        act.Should().Throw<ArgumentException>().WithParameterName("email");
    }
}
