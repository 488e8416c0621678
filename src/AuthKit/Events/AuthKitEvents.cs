using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuthKit.Events;

/// <summary>
/// Publishes security events: a log line with a fixed event id, a counter on the <c>AuthKit</c> meter
/// (<c>authkit.events</c>, tag <c>type</c>; no user identifiers in tags), and every registered handler.
/// </summary>
internal sealed partial class AuthKitEvents : IDisposable
{
    // One cached log delegate per event type: event id 4000 + the type's value, named after the type.
    private static readonly Action<ILogger, string, string, Exception?>[] EventLog = Enum.GetValues<AuthKitEventType>()
        .Select(type => LoggerMessage.Define<string, string>(
            type is AuthKitEventType.SignInSucceeded or AuthKitEventType.SignedUp or AuthKitEventType.SignedOut ? LogLevel.Information : LogLevel.Warning,
            new EventId(4000 + (int)type, type.ToString()),
            $"Security event {type} (user {{UserId}}, path {{Path}})."))
        .ToArray();

    private readonly IEnumerable<IAuthKitEventHandler> _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthKitEvents> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _counter;

    public AuthKitEvents(IEnumerable<IAuthKitEventHandler> handlers, TimeProvider time, ILogger<AuthKitEvents> logger, IMeterFactory meters)
    {
        _handlers = handlers;
        _time = time;
        _logger = logger;
        _meter = meters.Create(AuthKitDefaults.MeterName);
        _counter = _meter.CreateCounter<long>("authkit.events", unit: "{event}", description: "AuthKit security events, by type.");
    }

    public async Task RaiseAsync(AuthKitEventType type, HttpContext? context, string? userId, CancellationToken cancellationToken = default)
    {
        var authEvent = new AuthKitEvent(type, _time.GetUtcNow(), userId, context?.Connection.RemoteIpAddress?.ToString(), context?.Request.Path.Value);
        EventLog[(int)type](_logger, userId ?? "-", authEvent.Path ?? "-", null);
        _counter.Add(1, new KeyValuePair<string, object?>("type", type.ToString()));
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.HandleAsync(authEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(_logger, handler.GetType().Name, ex);
            }
        }
    }

    public void Dispose() => _meter.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "The AuthKit event handler {Handler} failed; the request goes on.")]
        public static partial void HandlerFailed(ILogger logger, string handler, Exception exception);
    }
}
