using AuthKit.Sessions;

namespace AuthKit.Tests.Sessions;

public sealed class SessionTicketTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void With_CopiesTheDataAndFormatState_ButNotTheCaches()
    {
        var original = new SessionTicket([1, 2, 3], "u1", ["admin"], Now, Now.AddDays(7), Now.AddDays(30), SessionTicket.NoValues)
        {
            FormatState = "format",
            PublicIdCache = "public-id",
            SessionCache = new AuthSession("public-id", SessionKind.Stateless, "u1", ["admin"], Now, Now.AddDays(7), Now.AddDays(30), SessionTicket.NoValues),
        };

        var renewed = original with { IdleExpiresAt = Now.AddDays(8) };

        renewed.Reference.Should().BeSameAs(original.Reference);
        renewed.UserId.Should().Be("u1");
        renewed.IdleExpiresAt.Should().Be(Now.AddDays(8));
        renewed.FormatState.Should().Be("format");
        renewed.PublicIdCache.Should().BeNull("a cache describes the original ticket");
        renewed.SessionCache.Should().BeNull("the session built from the original has the old expiry");
    }
}
