using AuthKit.TwoFactor;

namespace AuthKit.Tests.TwoFactor;

public sealed class RecoveryCodesTests
{
    [Fact]
    public void Generate_GivesDistinctEightyBitCodes_AndStoresOnlyTheirHashes()
    {
        var (codes, hashes) = RecoveryCodes.Generate(10);

        codes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        codes.Should().AllSatisfy(c => c.Should().MatchRegex("^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$"));
        hashes.Should().Equal(codes.Select(RecoveryCodes.Hash));
        hashes.Should().AllSatisfy(h => h.Should().MatchRegex("^[0-9a-f]{64}$"));
    }

    [Fact]
    public void Hash_IgnoresDashesSpacesAndCase_OnlyThose()
    {
        var code = RecoveryCodes.Generate(1).Codes[0];
        var hash = RecoveryCodes.Hash(code);

        RecoveryCodes.Hash(code.ToUpperInvariant()).Should().Be(hash);
        RecoveryCodes.Hash(code.Replace("-", " ", StringComparison.Ordinal)).Should().Be(hash);
        RecoveryCodes.Hash(code.Replace("-", string.Empty, StringComparison.Ordinal)).Should().Be(hash);
        RecoveryCodes.Hash(code[..^1] + (code[^1] == 'a' ? 'b' : 'a')).Should().NotBe(hash);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abcd-efgh-2345-67")]
    [InlineData("abcd-efgh-2345-6789")] // 8 and 9 are not Base32
    [InlineData("abcd-efgh-2345-67a1")]
    public void Hash_NotACode_IsNull(string? code) => RecoveryCodes.Hash(code).Should().BeNull();
}
