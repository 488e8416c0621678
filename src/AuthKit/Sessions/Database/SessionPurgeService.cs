using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions.Database;

/// <summary>
/// Deletes expired database sessions every <see cref="SessionOptions.PurgeInterval"/>. Expired sessions are
/// refused whether or not they have been purged; this only keeps the store small.
/// </summary>
internal sealed partial class SessionPurgeService : BackgroundService
{
    private readonly IServiceProvider _services;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionPurgeService> _logger;

    public SessionPurgeService(IServiceProvider services, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<SessionPurgeService> logger)
    {
        _services = services;
        _options = options;
        _time = time;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sessions = _options.Value.Sessions;
        if (sessions.Kind != SessionKind.Database)
        {
            return;
        }

        using var timer = new PeriodicTimer(sessions.PurgeInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    internal async Task<int> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var purged = await _services.GetRequiredService<ISessionStore>().PurgeExpiredAsync(_time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            Log.Purged(_logger, purged);
            return purged;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A failed purge is retried at the next tick; it must not stop the host.
            Log.PurgeFailed(_logger, ex);
            return 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Purged {Count} expired sessions.")]
        public static partial void Purged(ILogger logger, int count);

        [LoggerMessage(EventId = 2202, Level = LogLevel.Warning, Message = "Purging expired sessions failed; retrying at the next interval.")]
        public static partial void PurgeFailed(ILogger logger, Exception exception);
    }
}
