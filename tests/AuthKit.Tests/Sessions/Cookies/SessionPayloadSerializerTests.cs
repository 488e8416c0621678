using AuthKit.Sessions.Cookies;

namespace AuthKit.Tests.Sessions.Cookies;

public sealed class SessionPayloadSerializerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, 123, TimeSpan.Zero);

    private static SessionCookiePayload Ticket(IReadOnlyDictionary<string, string>? values = null) => new(
        new byte[] { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 },
        "user-ä-42",
        ["admin", "editor"],
        Now,
        Now.AddDays(7),
        Now.AddDays(30),
        values ?? new Dictionary<string, string> { ["theme"] = "dark", ["ünïcode"] = "✓" });

    [Fact]
    public void RoundTrip_KeepsEveryField()
    {
        var ticket = Ticket();

        var copy = SessionPayloadSerializer.Deserialize(SessionPayloadSerializer.Serialize(ticket));

        copy.Should().NotBeNull();
        copy!.Reference.ToArray().Should().Equal(ticket.Reference.ToArray());
        copy.UserId.Should().Be(ticket.UserId);
        copy.Roles.Should().Equal(ticket.Roles);
        copy.IssuedAt.Should().Be(ticket.IssuedAt);
        copy.IdleExpiresAt.Should().Be(ticket.IdleExpiresAt);
        copy.AbsoluteExpiresAt.Should().Be(ticket.AbsoluteExpiresAt);
        copy.Values.Should().BeEquivalentTo(ticket.Values);
    }

    [Fact]
    public void RoundTrip_WithoutRolesOrValues()
    {
        var ticket = Ticket(SessionCookiePayload.NoValues).With(roles: []);

        var copy = SessionPayloadSerializer.Deserialize(SessionPayloadSerializer.Serialize(ticket))!;

        copy.Roles.Should().BeEmpty();
        copy.Values.Should().BeEmpty();
    }

    [Fact]
    public void Deserialize_EveryTruncation_IsNullNotAnException()
    {
        var bytes = SessionPayloadSerializer.Serialize(Ticket());

        for (var length = 0; length < bytes.Length; length++)
        {
            SessionPayloadSerializer.Deserialize(bytes.AsSpan(0, length)).Should().BeNull($"cut to {length} bytes");
        }
    }

    [Fact]
    public void Deserialize_TrailingBytesOrOtherVersion_IsNull()
    {
        var bytes = SessionPayloadSerializer.Serialize(Ticket());

        SessionPayloadSerializer.Deserialize([.. bytes, 0]).Should().BeNull();
        bytes[0] = 2;
        SessionPayloadSerializer.Deserialize(bytes).Should().BeNull();
    }

    [Fact]
    public void Deserialize_RandomBytes_NeverThrows()
    {
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 200)];
            random.NextBytes(bytes);
            if (bytes.Length > 0)
            {
                bytes[0] = 1; // get past the version check most of the time
            }

            var act = () => SessionPayloadSerializer.Deserialize(bytes);
            act.Should().NotThrow();
        }
    }
}
