using System.Diagnostics.Metrics;
using AuthKit.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AuthKit.Events;

/// <summary>
/// Publishes security events: a counter on the <c>AuthKit</c> meter (<c>authkit.events</c>, tag <c>type</c>; no user
/// identifiers in tags), a log line with a fixed event id, and every registered handler.
/// </summary>
/// <remarks>
/// Every event is counted and handed to the handlers. What is logged, and at which level, follows what a person must
/// look at: sign-ins, sign-ups and sign-outs at Information; failures and revocations at Warning; the refusal of an
/// anonymous request (401, a login redirect) at Debug only, because anonymous traffic to protected routes is routine
/// and a flood of it must not flood the log. Refusals anyone can cause in bulk (a signed-in user's 403, a cross-site
/// request, a throttled sign-in) are warned at most once per <see cref="FloodWarnings.Interval"/>, with the count held back.
/// </remarks>
internal sealed partial class AuthKitEvents : IDisposable
{
    // One cached log delegate per event type and level: event id 4000 + the type's value, named after the type.
    private static readonly Action<ILogger, string, string, Exception?>[] EventLog = Define(Level);
    private static readonly Action<ILogger, string, string, Exception?>[] DebugLog = Define(static _ => LogLevel.Debug);
    private static readonly Action<ILogger, string, string, long, Exception?>[] SampledLog = Enum.GetValues<AuthKitEventType>()
        .Select(type => LoggerMessage.Define<string, string, long>(
            Level(type),
            new EventId(4000 + (int)type, type.ToString()),
            $"Security event {type} (user {{UserId}}, path {{Path}}); {{HeldBack}} more not logged since the last line."))
        .ToArray();

    private readonly IAuthKitEventHandler[] _handlers;
    private readonly TimeProvider _time;
    private readonly ILogger<AuthKitEvents> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _counter;
    private readonly LogSampler?[] _samplers;

    public AuthKitEvents(IEnumerable<IAuthKitEventHandler> handlers, TimeProvider time, ILogger<AuthKitEvents> logger, IMeterFactory meters)
    {
        _handlers = [.. handlers];
        _time = time;
        _logger = logger;
        _meter = meters.Create(AuthKitDefaults.MeterName);
        _counter = _meter.CreateCounter<long>("authkit.events", unit: "{event}", description: "AuthKit security events, by type.");
        _samplers = Enum.GetValues<AuthKitEventType>().Select(type => IsSampled(type) ? new LogSampler(time, FloodWarnings.Interval) : null).ToArray();
    }

    public Task RaiseAsync(AuthKitEventType type, HttpContext? context, string? userId, CancellationToken cancellationToken = default)
    {
        _counter.Add(1, new KeyValuePair<string, object?>("type", TypeNames[(int)type]));
        Write(type, userId, context?.Request.Path.Value);
        return _handlers.Length == 0 ? Task.CompletedTask : NotifyAsync(type, context, userId, cancellationToken);
    }

    public void Dispose() => _meter.Dispose();

    private void Write(AuthKitEventType type, string? userId, string? path)
    {
        if (type == AuthKitEventType.AccessDenied && userId is null)
        {
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                DebugLog[(int)type](_logger, "-", path ?? "-", null);
            }

            return;
        }

        if (_samplers[(int)type] is { } sampler)
        {
            if (sampler.TryEnter(out var held))
            {
                SampledLog[(int)type](_logger, userId ?? "-", path ?? "-", held, null);
            }

            return;
        }

        EventLog[(int)type](_logger, userId ?? "-", path ?? "-", null);
    }

    private async Task NotifyAsync(AuthKitEventType type, HttpContext? context, string? userId, CancellationToken cancellationToken)
    {
        var authEvent = new AuthKitEvent(type, _time.GetUtcNow(), userId, context?.Connection.RemoteIpAddress?.ToString(), context?.Request.Path.Value);
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

    private static readonly string[] TypeNames = Enum.GetValues<AuthKitEventType>().Select(static t => t.ToString()).ToArray();

    private static LogLevel Level(AuthKitEventType type)
        => type is AuthKitEventType.SignInSucceeded or AuthKitEventType.SignedUp or AuthKitEventType.SignedOut or AuthKitEventType.EmailVerified
            or AuthKitEventType.EmailChangeRequested or AuthKitEventType.Reauthenticated or AuthKitEventType.TwoFactorEnabled
            or AuthKitEventType.PasskeyAdded or AuthKitEventType.ExternalSignIn or AuthKitEventType.LoginLinked
            ? LogLevel.Information
            : LogLevel.Warning;

    // Refusals an attacker can cause by the thousand at no cost: one line per interval is enough to notice them.
    private static bool IsSampled(AuthKitEventType type)
        => type is AuthKitEventType.AccessDenied or AuthKitEventType.CrossSiteRequestRefused or AuthKitEventType.SignInThrottled
            or AuthKitEventType.SecondFactorFailed or AuthKitEventType.PasskeyFailed;

    private static Action<ILogger, string, string, Exception?>[] Define(Func<AuthKitEventType, LogLevel> level) => Enum.GetValues<AuthKitEventType>()
        .Select(type => LoggerMessage.Define<string, string>(
            level(type),
            new EventId(4000 + (int)type, type.ToString()),
            $"Security event {type} (user {{UserId}}, path {{Path}})."))
        .ToArray();

    private static partial class Log
    {
        [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "The AuthKit event handler {Handler} failed; the request goes on.")]
        public static partial void HandlerFailed(ILogger logger, string handler, Exception exception);
    }
}
