using AuthKit.Http;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Tests.Http;

/// <summary>Reading one cookie straight from the header agrees with ASP.NET Core's cookie collection, whatever the header holds.</summary>
public sealed class CookieHeaderTests
{
    private const string Name = "__Host-authkit";

    public static TheoryData<string> Headers() => new()
    {
        "__Host-authkit=AQJrMSP0aH7pKoQ7u7bFttSy1cu_4XX82",
        "a=1; __Host-authkit=abc; b=2",
        "a=1;__Host-authkit=abc;b=2",
        "__Host-authkit=",
        "__Host-authkit=abc; __Host-authkit=def",
        "__host-authkit=abc",
        "__Host-authkit2=abc",
        "x__Host-authkit=abc",
        "__Host-authkit=\"quoted\"",
        "__Host-authkit=a%2Ab",
        "__Host-authkit=a b",
        "__Host-authkit=abc;",
        "a=1; ; __Host-authkit=abc",
        " __Host-authkit=abc",
        "__Host-authkit =abc",
        "=abc; __Host-authkit=def",
        "a; __Host-authkit=def",
        "a=1, __Host-authkit=def",
        "__Host-authkit=abc=def",
        "__Host-authkit=ä",
        "session=Fe26.2*1*abc*def~2; __Host-authkit=xyz",
        "",
        ";;;",
        "__Host-authkit=a\\b",
    };

    [Theory]
    [MemberData(nameof(Headers))]
    public void TryGetValue_AgreesWithTheFrameworksCookieCollection(string header)
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = header;
        var expected = new DefaultHttpContext();
        expected.Request.Headers.Cookie = header;
        var framework = expected.Request.Cookies[Name];

        var found = CookieHeader.TryGetValue(context.Request, Name, out var value);

        found.Should().Be(framework is not null, $"header \"{header}\"");
        if (found)
        {
            value.ToString().Should().Be(framework);
        }
    }

    [Fact]
    public void TryGetValue_SeveralCookieHeaders_AgreesWithTheFramework()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = new Microsoft.Extensions.Primitives.StringValues(["a=1", "__Host-authkit=abc"]);

        CookieHeader.TryGetValue(context.Request, Name, out var value).Should().BeTrue();
        value.ToString().Should().Be("abc");
    }

    [Fact]
    public void TryGetValue_PlainHeader_AllocatesNothing()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = "a=1; __Host-authkit=AQJrMSP0aH7pKoQ7u7bFttSy1cu; b=2";
        CookieHeader.TryGetValue(context.Request, Name, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var length = 0;
        for (var i = 0; i < 100; i++)
        {
            length += CookieHeader.TryGetValue(context.Request, Name, out var value) ? value.Length : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        length.Should().Be(2700);
        allocated.Should().Be(0);
    }
}
