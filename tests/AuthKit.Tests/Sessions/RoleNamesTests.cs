using System.Text;
using AuthKit.Sessions;

namespace AuthKit.Tests.Sessions;

public sealed class RoleNamesTests
{
    [Fact]
    public void TheSameName_DecodesToOneSharedString()
    {
        RoleNames.TryDecode("role-shared-test"u8, out var first).Should().BeTrue();
        RoleNames.TryDecode("role-shared-test"u8, out var second).Should().BeTrue();

        first.Should().Be("role-shared-test");
        second.Should().BeSameAs(first);
    }

    [Theory]
    [InlineData("rédacteur")]
    [InlineData("管理者")]
    [InlineData("a-role-name-longer-than-sixty-four-bytes-is-decoded-without-the-table-0123456789")]
    public void Names_RoundTrip(string name)
    {
        RoleNames.TryDecode(Encoding.UTF8.GetBytes(name), out var decoded).Should().BeTrue();

        decoded.Should().Be(name);
    }

    [Fact]
    public void InvalidUtf8_IsRefused()
    {
        RoleNames.TryDecode([0x61, 0xC3, 0x28], out _).Should().BeFalse();
        RoleNames.TryDecode(Enumerable.Repeat((byte)0xFF, 80).ToArray(), out _).Should().BeFalse();
    }
}
