using AuthKit.Authorization;

namespace AuthKit.Tests.Authorization;

public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/settings?tab=2#top")]
    [InlineData("/a%20b")]
    public void IsLocal_LocalPaths_AreAccepted(string url)
    {
        ReturnUrl.IsLocal(url).Should().BeTrue();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("dashboard")]
    [InlineData("https://evil.example")]
    [InlineData("http:/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%2f/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("/%252F/evil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/%09/evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("~/../evil")]
    public void IsLocal_ForeignOrTrickyUrls_AreRefused(string? url)
    {
        ReturnUrl.IsLocal(url).Should().BeFalse();
    }

    [Fact]
    public void LocalOr_FallsBackForForeignUrls()
    {
        ReturnUrl.LocalOr("//evil.example", "/home").Should().Be("/home");
        ReturnUrl.LocalOr("/account", "/home").Should().Be("/account");
    }

    [Fact]
    public void RoutePolicies_InvalidTemplate_FailsWithThePattern()
    {
        var act = () => new RoutePolicyOptions().Protect("/a/{**rest}/b");

        act.Should().Throw<ArgumentException>().WithMessage("*\"/a/{**rest}/b\" is not a valid route template*");
    }

    [Fact]
    public void RoutePolicies_FirstMatchingRuleWins()
    {
        var routes = new RoutePolicyOptions().Public("/dashboard/help").Protect("/dashboard/{**rest}");

        routes.Match("/dashboard/help")!.Access.Should().Be(RouteAccess.Public);
        routes.Match("/dashboard/x")!.Access.Should().Be(RouteAccess.Protected);
        routes.Match("/other").Should().BeNull();
    }
}
