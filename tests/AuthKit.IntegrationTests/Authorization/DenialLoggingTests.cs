using System.Diagnostics.Metrics;
using System.Net;
using AuthKit.Events;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AuthKit.IntegrationTests.Authorization;

/// <summary>
/// Refusals of anonymous requests are routine: counted in the meter and logged at Debug, never a Warning each
/// (hardening #2). What a person must look at (403 for a signed-in user, cross-site requests) is sampled.
/// </summary>
public sealed class DenialLoggingTests : AppTestBase
{
    protected override AuthKitAppFactory CreateApp() => new("Stateless");

    // AuthKit's own lines: the framework's request logging is the app's to configure.
    private List<TestLogs.LogLine> LinesSince(int start, LogLevel atLeast)
        => App.Logs.Lines.Skip(start).Where(l => l.Level >= atLeast && l.Category.StartsWith("AuthKit", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task TenThousandAnonymousRequests_LogAtMostAHandfulOfLinesAtInformationOrAbove()
    {
        var client = Client();
        (await client.GetAsync("/api/group/ping")).StatusCode.Should().Be(HttpStatusCode.Unauthorized); // warm up
        using var denials = new EventCounter(App.Services, "AccessDenied");
        var start = App.Logs.Lines.Count;

        for (var i = 0; i < 10_000; i++)
        {
            // The endpoint filter (.RequireSession()), the route policy for an API, and for a page.
            var path = (i % 3) switch { 0 => "/api/group/ping", 1 => "/api/me", _ => "/dashboard" };
            var response = await client.GetAsync(path);
            response.StatusCode.Should().Be(path == "/dashboard" ? HttpStatusCode.Redirect : HttpStatusCode.Unauthorized);
        }

        LinesSince(start, LogLevel.Information).Should().HaveCountLessThanOrEqualTo(5);
        denials.Count.Should().Be(10_000, "every refusal is still counted in the AuthKit meter");
        App.Logs.Lines.Skip(start).Count(l => l.EventId.Id == 4000 + (int)AuthKitEventType.AccessDenied && l.Level == LogLevel.Debug)
            .Should().Be(10_000, "each refusal is still there at Debug");
    }

    [Fact]
    public async Task ForbiddenRequestsOfASignedInUser_AreWarnedOncePerInterval_WithTheCountHeldBack()
    {
        var user = Client();
        await user.SignUpAndInAsync("ann@example.com");
        var start = App.Logs.Lines.Count;

        for (var i = 0; i < 1000; i++)
        {
            (await user.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        LinesSince(start, LogLevel.Warning).Should().ContainSingle().Which.Message.Should().Contain("AccessDenied");
        App.Time.Advance(TimeSpan.FromSeconds(10));
        (await user.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var warnings = LinesSince(start, LogLevel.Warning);
        warnings.Should().HaveCount(2);
        warnings[1].Message.Should().Contain("999 more");
    }

    [Fact]
    public async Task CrossSiteRequests_AreWarnedOncePerInterval()
    {
        var victim = Client();
        await victim.SignUpAndInAsync("ann@example.com");
        victim.Origin = "https://evil.example";
        var start = App.Logs.Lines.Count;

        for (var i = 0; i < 500; i++)
        {
            (await victim.PostAsync("/api/auth/logout")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        }

        LinesSince(start, LogLevel.Information).Should().ContainSingle().Which.Message.Should().Contain("CrossSiteRequestRefused");
    }

    /// <summary>Counts one type of <c>authkit.events</c> on the app's own meter.</summary>
    private sealed class EventCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _count;

        public EventCounter(IServiceProvider services, string type)
        {
            var factory = services.GetRequiredService<IMeterFactory>();
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == AuthKitDefaults.MeterName && instrument.Name == "authkit.events" && instrument.Meter.Scope == factory)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                foreach (var tag in tags)
                {
                    if (tag.Key == "type" && (string?)tag.Value == type)
                    {
                        Interlocked.Add(ref _count, value);
                    }
                }
            });
            _listener.Start();
        }

        public long Count => Interlocked.Read(ref _count);

        public void Dispose() => _listener.Dispose();
    }
}
