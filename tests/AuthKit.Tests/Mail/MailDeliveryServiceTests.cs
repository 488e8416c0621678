using System.Diagnostics.Metrics;
using System.Globalization;
using AuthKit.Mail;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AuthKit.Tests.Mail;

/// <summary>The mail worker: retries with doubling delays on the app's clock, gives up after the last attempt, logs no body.</summary>
public sealed class MailDeliveryServiceTests : IAsyncDisposable
{
    private const string Secret = "https://app.example.com/reset-password?token=SECRET-TOKEN";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero));
    private readonly CapturedLogs _logs = new();
    private readonly FlakySender _sender = new();
    private readonly ServiceProvider _services;
    private readonly MailQueue _queue;
    private readonly MailDeliveryService _worker;
    private readonly MeterListener _listener = new();
    private readonly List<string> _outcomes = [];

    public MailDeliveryServiceTests()
    {
        var options = new AuthKitOptions();
        options.Mail.MaxAttempts = 4;
        _services = new ServiceCollection().AddMetrics().AddLogging(b => b.AddProvider(_logs)).BuildServiceProvider();
        var meters = _services.GetRequiredService<IMeterFactory>();
        _queue = new MailQueue(Options.Create(options), _time, _services.GetRequiredService<ILogger<MailQueue>>(), meters);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meters && instrument.Name == "authkit.mail.messages")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outcome")
                {
                    lock (_outcomes)
                    {
                        _outcomes.Add((string)tag.Value!);
                    }
                }
            }
        });
        _listener.Start();
        _worker = new MailDeliveryService(_queue, _services.GetRequiredService<IServiceScopeFactory>(), new Lazy<IEmailSender>(_sender), Options.Create(options), _time, _services.GetRequiredService<ILogger<MailDeliveryService>>());
    }

    [Fact]
    public async Task FailingSends_AreRetriedAfter5_10_20Seconds_ThenDelivered()
    {
        _sender.FailuresLeft = 3;
        await _worker.StartAsync(default);
        _queue.TryEnqueue(Work()).Should().BeTrue();

        // The worker waits on the app's clock: move it on until the message is out.
        for (var i = 0; i < 200 && _sender.Delivered.Count == 0; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(10);
        }

        _sender.Delivered.Should().ContainSingle();
        _sender.Attempts.Should().Be(4);
        _logs.Lines.Where(l => l.EventId.Id == 6003).Select(l => l.Message).Should().SatisfyRespectively(
            first => first.Should().Contain("attempt 1").And.Contain("00:00:05"),
            second => second.Should().Contain("attempt 2").And.Contain("00:00:10"),
            third => third.Should().Contain("attempt 3").And.Contain("00:00:20"));
        Outcomes().Should().Equal("retried", "retried", "retried", "sent");
        _logs.Lines.Should().NotContain(l => l.Message.Contains("SECRET-TOKEN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMessageThatKeepsFailing_IsGivenUpAfterTheLastAttempt_AndTheNextOneGoesOut()
    {
        _sender.FailuresLeft = 4;
        await _worker.StartAsync(default);
        _queue.TryEnqueue(Work()).Should().BeTrue();
        _queue.TryEnqueue(Work()).Should().BeTrue();

        for (var i = 0; i < 10 && _sender.Delivered.Count == 0; i++)
        {
            await WaitAsync(() => _sender.Attempts > i);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        await WaitAsync(() => _sender.Delivered.Count == 1);
        _logs.Lines.Should().Contain(l => l.EventId.Id == 6004 && l.Level == LogLevel.Error);
        Outcomes().Should().Contain("abandoned").And.EndWith("sent");
    }

    [Fact]
    public void FullQueue_RefusesAndReports()
    {
        var options = new AuthKitOptions();
        options.Mail.QueueCapacity = 1;
        var queue = new MailQueue(Options.Create(options), _time, _services.GetRequiredService<ILogger<MailQueue>>(), _services.GetRequiredService<IMeterFactory>());

        queue.TryEnqueue(Work()).Should().BeTrue();
        queue.TryEnqueue(Work()).Should().BeFalse();

        _logs.Lines.Should().ContainSingle(l => l.EventId.Id == 6001);
        queue.Length.Should().Be(1);
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _worker.StopAsync(default);
        _worker.Dispose();
        _queue.Dispose();
        await _services.DisposeAsync();
    }

    private List<string> Outcomes()
    {
        lock (_outcomes)
        {
            return [.. _outcomes];
        }
    }

    private static MailWork Work() => new("test", (_, _) => Task.FromResult<IReadOnlyList<EmailMessage>>(
        [new EmailMessage("ann@example.com", "Reset", Secret, null, CultureInfo.InvariantCulture)]));

    private static async Task WaitAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        condition().Should().BeTrue();
    }

    private sealed class FlakySender : IEmailSender
    {
        private int _attempts;

        public int FailuresLeft { get; set; }

        public int Attempts => Volatile.Read(ref _attempts);

        public List<EmailMessage> Delivered { get; } = [];

        public Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _attempts);
            if (FailuresLeft-- > 0)
            {
                throw new IOException("connection refused");
            }

            lock (Delivered)
            {
                Delivered.Add(message);
            }

            return Task.CompletedTask;
        }
    }
}
