using AuthKit.Accounts;
using AuthKit.Sessions;

namespace AuthKit.Tests.Accounts;

public sealed class FreshnessTests
{
    private static readonly DateTimeOffset SignIn = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Session_IsFreshForTenMinutesAfterSignIn(int minutes, bool fresh)
    {
        var options = new SessionOptions();

        Freshness.IsFresh(Session(issuedAt: SignIn, options.AbsoluteTimeout), options, SignIn.AddMinutes(minutes)).Should().Be(fresh);
    }

    [Fact]
    public void Session_ReissuedLater_ByRevokingOthers_IsNotFreshAgain()
    {
        var options = new SessionOptions();
        var reissued = Session(issuedAt: SignIn.AddHours(2), options.AbsoluteTimeout);

        Freshness.IsFresh(reissued, options, SignIn.AddHours(2).AddMinutes(1)).Should().BeFalse("the sign-in was two hours ago");
    }

    [Fact]
    public void Session_AfterTheAbsoluteLifetimeWasShortened_DoesNotLookYounger()
    {
        var signedInUnder30Days = Session(issuedAt: SignIn, TimeSpan.FromDays(30));
        var now7DaysShorter = new SessionOptions { AbsoluteTimeout = TimeSpan.FromDays(7), IdleTimeout = TimeSpan.FromDays(7) };

        Freshness.IsFresh(signedInUnder30Days, now7DaysShorter, SignIn.AddDays(1)).Should().BeFalse();
    }

    private static AuthSession Session(DateTimeOffset issuedAt, TimeSpan absoluteTimeout)
        => new("s1", SessionKind.Stateless, "u1", [], issuedAt, issuedAt.AddDays(1), SignIn + absoluteTimeout, new Dictionary<string, string>());
}
