using System.Net;
using AuthKit.Http;

namespace AuthKit.Tests.Http;

public sealed class ClientAddressTests
{
    [Theory]
    [InlineData("203.0.113.7", 64, "203.0.113.7")]
    [InlineData("::ffff:203.0.113.7", 64, "203.0.113.7")]
    [InlineData("2001:db8:1:2:3:4:5:6", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:ffff:ffff:ffff:ffff", 64, "2001:db8:1:2::/64")]
    [InlineData("2001:db8:1:2:3:4:5:6", 48, "2001:db8:1::/48")]
    [InlineData("2001:db8:1:2ff:3:4:5:6", 56, "2001:db8:1:200::/56")]
    [InlineData("2001:db8:1:2:3:4:5:6", 60, "2001:db8:1::/60")]
    [InlineData("2001:db8:1:2:3:4:5:6", 128, "2001:db8:1:2:3:4:5:6")]
    [InlineData("fe80::1%2", 64, "fe80::/64")]
    public void KeyOf_CutsIpv6ToItsPrefix_AndLeavesIpv4Alone(string address, int prefix, string expected)
    {
        ClientAddress.KeyOf(IPAddress.Parse(address), prefix).Should().Be(expected);
    }

    [Fact]
    public void KeyOf_NoAddress_IsNull()
    {
        ClientAddress.KeyOf((IPAddress?)null, 64).Should().BeNull();
    }
}
