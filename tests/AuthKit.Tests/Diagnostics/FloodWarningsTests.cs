using AuthKit.Credentials;
using AuthKit.Diagnostics;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.Diagnostics;

public sealed class FloodWarningsTests
{
    [Fact]
    public void Sampler_LetsOneThroughPerInterval_AndCountsTheRest()
    {
        var time = new FakeTimeProvider();
        var sampler = new LogSampler(time, TimeSpan.FromSeconds(10));

        sampler.TryEnter(out var held).Should().BeTrue();
        held.Should().Be(0);
        for (var i = 0; i < 5; i++)
        {
            sampler.TryEnter(out _).Should().BeFalse();
        }

        time.Advance(TimeSpan.FromSeconds(9.9));
        sampler.TryEnter(out _).Should().BeFalse();
        time.Advance(TimeSpan.FromSeconds(0.1));
        sampler.TryEnter(out held).Should().BeTrue();
        held.Should().Be(6);
        sampler.TryEnter(out _).Should().BeFalse();
    }

    [Fact]
    public void Sampler_UnderConcurrency_LetsExactlyOneThrough_AndLosesNoCount()
    {
        var time = new FakeTimeProvider();
        var sampler = new LogSampler(time, TimeSpan.FromSeconds(10));
        var passed = 0;

        Parallel.For(0, 8000, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            if (sampler.TryEnter(out _))
            {
                Interlocked.Increment(ref passed);
            }
        });

        passed.Should().Be(1);
        time.Advance(TimeSpan.FromSeconds(10));
        sampler.TryEnter(out var held).Should().BeTrue();
        held.Should().Be(7999);
    }

    [Fact]
    public async Task AThrottledSignInFlood_LogsOneWarningPerInterval_WithTheCountHeldBack()
    {
        var logs = new CapturedLogs();
        using var services = new AuthKitServices(
            o =>
            {
                o.Throttling.AccountFreeFailures = 1;
                o.Throttling.BaseDelay = TimeSpan.FromMinutes(5);
                o.Throttling.MaxDelay = TimeSpan.FromMinutes(5);
            },
            s => s.AddSingleton<ILoggerProvider>(logs));
        // The free failures, then the first throttled attempt (logged).
        var attempts = 0;
        while ((await services.Verifier.VerifyAsync("ann@example.com", "wrong password 1", "203.0.113.7", default)).Status != CredentialStatus.Throttled)
        {
            (++attempts).Should().BeLessThan(10);
        }

        for (var i = 0; i < 49; i++)
        {
            (await services.Verifier.VerifyAsync("ann@example.com", "wrong password 2", "203.0.113.7", default)).Status.Should().Be(CredentialStatus.Throttled);
        }

        services.Time.Advance(FloodWarnings.Interval);
        (await services.Verifier.VerifyAsync("ann@example.com", "wrong password 3", "203.0.113.7", default)).Status.Should().Be(CredentialStatus.Throttled);

        var warnings = logs.Lines.Where(l => l.EventId.Id == 1003).ToList();
        warnings.Should().HaveCount(2);
        warnings[0].Message.Should().Contain("(0 more throttled sign-ins not logged");
        warnings[1].Message.Should().Contain("(49 more throttled sign-ins not logged");
        warnings.Should().OnlyContain(l => l.Level == LogLevel.Warning && !l.Message.Contains("ann@example.com") && !l.Message.Contains("203.0.113.7"));
    }
}
