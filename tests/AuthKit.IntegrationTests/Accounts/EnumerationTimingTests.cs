using System.Diagnostics;
using System.Net;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.Testing.Mail;

namespace AuthKit.IntegrationTests.Accounts;

/// <summary>
/// The answers that could reveal an account take the same time for a known and an unknown address (the style of the
/// sign-in timing test: interleaved requests, medians compared), measured alone.
/// </summary>
[Collection(MeasuredCollection.Name)]
public sealed class EnumerationTimingTests : EmailTestBase
{
    [Fact]
    public async Task ForgotPassword_KnownAddress_TakesAboutAsLongAsAnUnknownOne()
    {
        var app = Track(EmailApp(new Dictionary<string, string?> { ["AuthKit:Email:MailsPerAddress"] = "100000", ["AuthKit:Email:MailsPerClient"] = "100000" }));
        var known = TestSmtp.NewAddress("known");
        var client = Client(app);
        (await client.PostAsync("/test/users", new { email = known, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);

        var (knownTimes, unknownTimes) = await InterleaveAsync(
            201,
            () => client.PostAsync("/api/auth/password/forgot", new { email = known }),
            () => client.PostAsync("/api/auth/password/forgot", new { email = TestSmtp.NewAddress("unknown") }),
            HttpStatusCode.Accepted);

        var ratio = Median(knownTimes) / Median(unknownTimes);
        ratio.Should().BeInRange(0.8, 1.25, $"median known {Median(knownTimes):F3} ms vs unknown {Median(unknownTimes):F3} ms");
    }

    [Fact]
    public async Task RequiredVerificationSignUp_TakenAddress_TakesAboutAsLongAsANewOne()
    {
        // A hashing cost that dominates noise (about 12 ms here), at normal priority so the scheduler is not what is measured.
        var app = Track(EmailApp(new Dictionary<string, string?>
        {
            ["AuthKit:Email:RequireVerified"] = "true",
            ["AuthKit:Email:MailsPerAddress"] = "100000",
            ["AuthKit:Email:MailsPerClient"] = "100000",
            ["AuthKit:Hashing:Iterations"] = "20000",
            ["AuthKit:Hashing:LowPriority"] = "false",
        }));
        var taken = TestSmtp.NewAddress("taken");
        var client = Client(app);
        (await client.PostAsync("/test/users", new { email = taken, password = Password })).StatusCode.Should().Be(HttpStatusCode.OK);

        var (takenTimes, newTimes) = await InterleaveAsync(
            41,
            () => client.PostAsync("/api/auth/signup", new { email = taken, password = Password }),
            () => client.PostAsync("/api/auth/signup", new { email = TestSmtp.NewAddress("new"), password = Password }),
            HttpStatusCode.Accepted);

        var ratio = Median(takenTimes) / Median(newTimes);
        ratio.Should().BeInRange(0.8, 1.2, $"median taken {Median(takenTimes):F2} ms vs new {Median(newTimes):F2} ms");
    }

    private static async Task<(List<double> First, List<double> Second)> InterleaveAsync(int rounds, Func<Task<HttpResponseMessage>> first, Func<Task<HttpResponseMessage>> second, HttpStatusCode expected)
    {
        // Warm both paths up.
        (await first()).StatusCode.Should().Be(expected);
        (await second()).StatusCode.Should().Be(expected);
        var a = new List<double>();
        var b = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            a.Add(await TimeAsync(first, expected));
            b.Add(await TimeAsync(second, expected));
        }

        return (a, b);
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> request, HttpStatusCode expected)
    {
        var start = Stopwatch.GetTimestamp();
        using var response = await request();
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        response.StatusCode.Should().Be(expected);
        return elapsed;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
