using AuthKit.Sessions;
using AuthKit.Sessions.Cookies;

namespace AuthKit.Tests.Sessions.Cookies;

public sealed class SessionCookiePayloadTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_CopiesTheDataAndFormatState_ButNotThePublicView()
    {
        byte[] reference = [1, 2, 3];
        var original = new SessionCookiePayload(reference, "u1", ["admin"], Now, Now.AddDays(7), Now.AddDays(30), SessionCookiePayload.NoValues, formatState: "format")
        {
            PublicIdCache = "public-id",
            SessionCache = new AuthSession("public-id", SessionKind.Stateless, "u1", ["admin"], Now, Now.AddDays(7), Now.AddDays(30), SessionCookiePayload.NoValues),
        };

        var renewed = original.With(idleExpiresAt: Now.AddDays(8));

        renewed.Reference.ToArray().Should().Equal(reference);
        renewed.UserId.Should().Be("u1");
        renewed.IdleExpiresAt.Should().Be(Now.AddDays(8));
        renewed.AbsoluteExpiresAt.Should().Be(Now.AddDays(30));
        renewed.FormatState.Should().Be("format");
        renewed.PublicIdCache.Should().Be("public-id", "the reference, and so its public id, did not change");
        renewed.SessionCache.Should().BeNull("the session built from the original has the old expiry");
        original.With(reference: new byte[] { 9 }).PublicIdCache.Should().BeNull("another reference has another id");
    }

    [Fact]
    public void Constructor_RefusesAMissingUser()
    {
        var act = () => new SessionCookiePayload(new byte[16], "", [], Now, Now, Now, SessionCookiePayload.NoValues);

        act.Should().Throw<ArgumentException>();
    }
}
