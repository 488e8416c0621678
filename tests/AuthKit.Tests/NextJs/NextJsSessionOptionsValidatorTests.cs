using AuthKit.NextJs;
using AuthKit.NextJs.Internal;

namespace AuthKit.Tests.NextJs;

public sealed class NextJsSessionOptionsValidatorTests
{
    private static string? Validate(NextJsSessionOptions options)
    {
        var result = new NextJsSessionOptionsValidator().Validate(null, options);
        return result.Succeeded ? null : result.FailureMessage;
    }

    [Fact]
    public void Jose_WithoutSecret_FailsWithHowToFix()
    {
        Validate(new NextJsSessionOptions()).Should().Contain("AuthKit:NextJs:Secret").And.Contain("openssl rand -base64 32");
    }

    [Fact]
    public void Jose_WithShortSecret_Fails_WithoutEchoingIt()
    {
        Validate(new NextJsSessionOptions { Secret = "short-secret-value" }).Should().NotBeNull().And.NotContain("short-secret-value");
    }

    [Fact]
    public void IronSession_ReportsEveryProblemAtOnce()
    {
        var options = new NextJsSessionOptions { Format = NextJsSessionFormat.IronSession, UserIdPath = "user..id", Ttl = TimeSpan.Zero };
        options.Passwords["one"] = "too short";

        var message = Validate(options);

        message.Should().Contain("whole numbers").And.Contain("at least 32 characters").And.Contain("Ttl").And.Contain("UserIdPath");
    }

    [Fact]
    public void ValidSettings_Pass()
    {
        var options = new NextJsSessionOptions { Format = NextJsSessionFormat.IronSession };
        options.Passwords["1"] = new string('p', 32);

        Validate(options).Should().BeNull();
        Validate(new NextJsSessionOptions { Secret = new string('s', 44) }).Should().BeNull();
    }
}
