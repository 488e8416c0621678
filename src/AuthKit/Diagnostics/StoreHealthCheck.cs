using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AuthKit.Diagnostics;

/// <summary>
/// Reports one of AuthKit's stores through ASP.NET Core health checks with a cheap read (a key that never exists).
/// A store that throws or does not answer within <see cref="SessionOptions.StoreTimeout"/> is reported with the
/// registration's failure status and the exception; the description is fixed text, never a key or a value.
/// </summary>
internal sealed class StoreHealthCheck : IHealthCheck
{
    // A read of a key AuthKit never writes: proves the store answers, changes nothing, reveals nothing.
    internal const string ProbeKey = "authkit-health-probe";

    private readonly string _store;
    private readonly Func<CancellationToken, ValueTask>? _probe;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;

    public StoreHealthCheck(string store, Func<CancellationToken, ValueTask>? probe, IOptions<AuthKitOptions> options, TimeProvider time)
    {
        _store = store;
        _probe = probe;
        _timeout = options.Value.Sessions.StoreTimeout;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (_probe is null)
        {
            return HealthCheckResult.Healthy($"The {_store} is not used by the configured session kind.");
        }

        try
        {
            await _probe(cancellationToken).AsTask().WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"The {_store} answered.");
        }
        catch (Exception ex) when (!(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var description = ex is TimeoutException
                ? $"The {_store} did not answer within {_timeout.TotalSeconds:0.#} s."
                : $"The {_store} failed.";
            return new HealthCheckResult(context.Registration.FailureStatus, description, ex);
        }
    }
}
