using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Mail;

/// <summary>
/// The mail worker: takes work off <see cref="MailQueue"/> one at a time, prepares it in its own DI scope, and sends each
/// message through <see cref="IEmailSender"/>, retrying failures with exponential back-off
/// (<see cref="MailOptions.RetryDelay"/>, doubling up to <see cref="MailOptions.MaxRetryDelay"/>, at most
/// <see cref="MailOptions.MaxAttempts"/> attempts). While the mail server is down, work waits in the queue and goes out
/// when it is back. Logs name the work and the attempt, never an address, a link or a token.
/// </summary>
internal sealed partial class MailDeliveryService : BackgroundService
{
    private readonly MailQueue _queue;
    private readonly IServiceScopeFactory _scopes;
    private readonly Lazy<IEmailSender> _sender;
    private readonly MailOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<MailDeliveryService> _logger;

    // The sender is resolved when the first message goes out: a missing one is reported by the options validation at
    // start-up (one message with every problem), not by the container while it builds the hosted services.
    public MailDeliveryService(MailQueue queue, IServiceScopeFactory scopes, IServiceProvider services, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<MailDeliveryService> logger)
        : this(queue, scopes, new Lazy<IEmailSender>(services.GetRequiredService<IEmailSender>), options, time, logger)
    {
    }

    internal MailDeliveryService(MailQueue queue, IServiceScopeFactory scopes, Lazy<IEmailSender> sender, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<MailDeliveryService> logger)
    {
        _queue = queue;
        _scopes = scopes;
        _sender = sender;
        _options = options.Value.Mail;
        _time = time;
        _logger = logger;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Complete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_queue.Length > 0)
        {
            Log.Abandoned(_logger, _queue.Length);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var work in _queue.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
            {
                _queue.Taken();
                await DoAsync(work, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; StopAsync reports what was left.
        }
    }

    private async Task DoAsync(MailWork work, CancellationToken stoppingToken)
    {
        IReadOnlyList<EmailMessage>? messages = null;
        for (var attempt = 1; messages is null; attempt++)
        {
            try
            {
                await using var scope = _scopes.CreateAsyncScope();
                messages = await work.PrepareAsync(scope.ServiceProvider, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (!await RetryAsync(work.Name, "prepare", attempt, ex, stoppingToken).ConfigureAwait(false))
                {
                    return;
                }
            }
        }

        foreach (var message in messages)
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await _sender.Value.SendAsync(message, stoppingToken).ConfigureAwait(false);
                    _queue.Count("sent", work.Name);
                    Log.Sent(_logger, work.Name, attempt);
                    break;
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    if (!await RetryAsync(work.Name, "send", attempt, ex, stoppingToken).ConfigureAwait(false))
                    {
                        break;
                    }
                }
            }
        }
    }

    /// <summary>Waits before the next attempt; <see langword="false"/> when this was the last one (the work is abandoned).</summary>
    private async Task<bool> RetryAsync(string work, string step, int attempt, Exception ex, CancellationToken stoppingToken)
    {
        if (attempt >= _options.MaxAttempts)
        {
            _queue.Count("abandoned", work);
            Log.GaveUp(_logger, work, step, attempt, ex.GetType().Name, ex.Message);
            return false;
        }

        var delay = Delay(attempt);
        _queue.Count("retried", work);
        Log.WillRetry(_logger, work, step, attempt, delay, ex.GetType().Name, ex.Message);
        await Task.Delay(delay, _time, stoppingToken).ConfigureAwait(false);
        return true;
    }

    private TimeSpan Delay(int attempt)
    {
        var ticks = _options.RetryDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30));
        return ticks >= _options.MaxRetryDelay.Ticks ? _options.MaxRetryDelay : TimeSpan.FromTicks((long)ticks);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 6002, Level = LogLevel.Debug, Message = "Mail for {Work} sent (attempt {Attempt}).")]
        public static partial void Sent(ILogger logger, string work, int attempt);

        // The exception's message, not the exception: transports put the recipient in some messages' data, never a token,
        // but a stack trace per retry would flood the log during an outage.
        [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Mail for {Work} failed to {Step} (attempt {Attempt}); retrying in {Delay}: {Error}: {Reason}")]
        public static partial void WillRetry(ILogger logger, string work, string step, int attempt, TimeSpan delay, string error, string reason);

        [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Mail for {Work} abandoned after {Attempt} attempts to {Step}: {Error}: {Reason}")]
        public static partial void GaveUp(ILogger logger, string work, string step, int attempt, string error, string reason);

        [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "The host stopped with {Count} pieces of mail work still queued; they will not be sent.")]
        public static partial void Abandoned(ILogger logger, int count);
    }
}
