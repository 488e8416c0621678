using System.Diagnostics.Metrics;
using System.Threading.Channels;
using AuthKit.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Mail;

/// <summary>
/// The bounded queue between requests and the mail worker (<see cref="MailDeliveryService"/>). Enqueuing never waits: a
/// full queue refuses the work, which is logged (at most once per <see cref="FloodWarnings.Interval"/>, with the count
/// held back) and counted (<c>authkit.mail.messages</c>, outcome <c>refused</c>), never dropped silently. The request
/// still answers as it would have, so a full queue reveals nothing about the address.
/// </summary>
internal sealed partial class MailQueue : IDisposable
{
    private readonly Channel<MailWork> _channel;
    private readonly LogSampler _fullWarnings;
    private readonly ILogger<MailQueue> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _messages;
    private int _length;

    public MailQueue(IOptions<AuthKitOptions> options, TimeProvider time, ILogger<MailQueue> logger, IMeterFactory meters)
    {
        _channel = Channel.CreateBounded<MailWork>(new BoundedChannelOptions(options.Value.Mail.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _fullWarnings = new LogSampler(time, FloodWarnings.Interval);
        _logger = logger;
        _meter = meters.Create(AuthKitDefaults.MeterName);
        _messages = _meter.CreateCounter<long>("authkit.mail.messages", unit: "{message}", description: "AuthKit's mail: sent, retried, abandoned after the last attempt, or refused by a full queue.");
        _meter.CreateObservableGauge("authkit.mail.queue.length", () => Volatile.Read(ref _length), unit: "{work}", description: "Mail work waiting to be done.");
    }

    public ChannelReader<MailWork> Reader => _channel.Reader;

    /// <summary>Gets the number of pieces of work waiting.</summary>
    public int Length => Volatile.Read(ref _length);

    /// <summary>Queues work for the background worker; <see langword="false"/> when the queue is full (reported).</summary>
    public bool TryEnqueue(MailWork work)
    {
        Interlocked.Increment(ref _length);
        if (_channel.Writer.TryWrite(work))
        {
            return true;
        }

        Interlocked.Decrement(ref _length);
        Count("refused", work.Name);
        if (_fullWarnings.TryEnter(out var held))
        {
            Log.QueueFull(_logger, work.Name, held);
        }

        return false;
    }

    /// <summary>Called by the worker when it takes work off the queue.</summary>
    public void Taken() => Interlocked.Decrement(ref _length);

    public void Count(string outcome, string work)
        => _messages.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("work", work));

    public void Complete() => _channel.Writer.TryComplete();

    public void Dispose() => _meter.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 6001, Level = LogLevel.Error, Message = "The mail queue is full: {Work} was not queued and its mail will not be sent ({HeldBack} more refused since the last line). Raise AuthKit:Mail:QueueCapacity or check the mail server.")]
        public static partial void QueueFull(ILogger logger, string work, long heldBack);
    }
}
