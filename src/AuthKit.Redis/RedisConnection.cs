using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// The connection the Redis stores share: either the application's <see cref="IConnectionMultiplexer"/> or one
/// AuthKit opens (asynchronously, on first use) from <see cref="RedisStoreOptions.Configuration"/>. Every command
/// goes through <see cref="RunAsync{T}"/>, which logs an unreachable Redis and lets the exception through, so
/// AuthKit fails closed (the session manager turns it into "store unavailable", HTTP 503).
/// </summary>
internal sealed partial class RedisConnection : IAsyncDisposable, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly ILogger<RedisConnection> _logger;
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;
    private bool _owned;

    public RedisConnection(IOptions<RedisStoreOptions> options, IServiceProvider services, ILogger<RedisConnection> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.Value;
        _services = services;
        _logger = logger;
    }

    public RedisStoreOptions Options { get; }

    /// <summary>Gets the full name of a key: the configured prefix, then <paramref name="name"/>.</summary>
    public string Key(string name) => Options.KeyPrefix + name;

    /// <summary>Gets how long Redis keeps an entry that AuthKit considers expired at <paramref name="expiresAt"/>, seen at <paramref name="now"/>.</summary>
    public long TimeToLiveMilliseconds(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        var remaining = expiresAt > now ? expiresAt - now : TimeSpan.Zero;

        // Never zero: PEXPIRE 0 would delete the key at once, before the caller's own expiry check could see it.
        return Math.Max(1000, (long)(remaining + Options.ExpiryMargin).TotalMilliseconds);
    }

    /// <summary>Runs Redis commands; an unreachable or timed-out Redis is logged and rethrown (fail closed).</summary>
    public async Task<T> RunAsync<T>(string operation, Func<IDatabase, Task<T>> commands, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
            return await commands(database).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisConnectionException or RedisTimeoutException)
        {
            Log.Unreachable(_logger, operation, ex);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Detach() is { } owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }

    // Hosts that dispose synchronously (a plain ServiceProvider.Dispose) must not throw; this runs at shutdown only.
    public void Dispose() => Detach()?.Dispose();

    /// <summary>Unsubscribes from the multiplexer and returns it when AuthKit opened it (so AuthKit must close it).</summary>
    private IConnectionMultiplexer? Detach()
    {
        var multiplexer = Interlocked.Exchange(ref _multiplexer, null);
        if (multiplexer is null)
        {
            return null;
        }

        multiplexer.ConnectionFailed -= OnConnectionFailed;
        multiplexer.ConnectionRestored -= OnConnectionRestored;
        return _owned ? multiplexer : null;
    }

    private async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        var multiplexer = Volatile.Read(ref _multiplexer) ?? await ConnectAsync(cancellationToken).ConfigureAwait(false);
        return multiplexer.GetDatabase(Options.Database);
    }

    private async Task<IConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        await _connecting.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_multiplexer is { } existing)
            {
                return existing;
            }

            IConnectionMultiplexer multiplexer;
            if (string.IsNullOrWhiteSpace(Options.Configuration))
            {
                multiplexer = _services.GetService<IConnectionMultiplexer>()
                    ?? throw new InvalidOperationException(
                        "AuthKit.Redis has no connection: pass a configuration string (UseRedis(\"localhost:6379\")) or register an IConnectionMultiplexer in the service collection.");
            }
            else
            {
                var configuration = ConfigurationOptions.Parse(Options.Configuration);

                // Start and keep running while Redis is down: commands fail (AuthKit denies) and the multiplexer
                // reconnects in the background, so service resumes without a restart.
                configuration.AbortOnConnectFail = false;
                multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
                _owned = true;
                if (!multiplexer.IsConnected)
                {
                    Log.NotConnectedAtStart(_logger, string.Join(", ", configuration.EndPoints));
                }
            }

            multiplexer.ConnectionFailed += OnConnectionFailed;
            multiplexer.ConnectionRestored += OnConnectionRestored;
            Volatile.Write(ref _multiplexer, multiplexer);
            return multiplexer;
        }
        finally
        {
            _connecting.Release();
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
        => Log.ConnectionLost(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType, e.Exception);

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
        => Log.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");

    private static partial class Log
    {
        [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "Redis is unreachable ({Operation}); AuthKit denies secure session checks until it answers again.")]
        public static partial void Unreachable(ILogger logger, string operation, Exception exception);

        [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Connection to Redis at {EndPoint} lost ({FailureType}); reconnecting in the background.")]
        public static partial void ConnectionLost(ILogger logger, string endPoint, ConnectionFailureType failureType, Exception? exception);

        [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Connection to Redis at {EndPoint} restored.")]
        public static partial void ConnectionRestored(ILogger logger, string endPoint);

        [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Redis at {EndPoints} is not reachable at start-up; AuthKit keeps trying and denies secure checks meanwhile.")]
        public static partial void NotConnectedAtStart(ILogger logger, string endPoints);
    }
}
