using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Http;

/// <summary>
/// Who the client is for per-client limits (throttling, the endpoints' rate limit): the connection's address (a
/// forwarded one only through the app's own forwarded-headers middleware), with an IPv6 address cut to its network
/// prefix, since one home or server owns a whole /64 and can rotate through it.
/// </summary>
internal static class ClientAddress
{
    public static string? KeyOf(HttpContext http, int ipv6PrefixLength) => KeyOf(http.Connection.RemoteIpAddress, ipv6PrefixLength);

    public static string? KeyOf(IPAddress? address, int ipv6PrefixLength)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6 || ipv6PrefixLength >= 128)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        var full = ipv6PrefixLength / 8;
        if (full < 16)
        {
            bytes[full] &= (byte)(0xFF << (8 - (ipv6PrefixLength % 8)));
            bytes[(full + 1)..].Clear();
        }

        // The scope id (fe80::1%eth0) is dropped: it names the server's interface, not the client.
        return $"{new IPAddress(bytes)}/{ipv6PrefixLength}";
    }
}
