using AuthKit;
using AuthKit.Credentials.Throttling;
using AuthKit.Diagnostics;
using AuthKit.Sessions;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Stateless;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers health checks for AuthKit's stores.</summary>
public static class AuthKitHealthChecksBuilderExtensions
{
    /// <summary>The name of the health check of the database-session store.</summary>
    public const string SessionStoreCheckName = "authkit-session-store";

    /// <summary>The name of the health check of the stateless sessions' revocation list.</summary>
    public const string RevocationStoreCheckName = "authkit-revocation-store";

    /// <summary>The name of the health check of the sign-in throttle store.</summary>
    public const string ThrottleStoreCheckName = "authkit-throttle-store";

    /// <summary>
    /// Adds ASP.NET Core health checks for the session store, the revocation list and the throttle store (whichever
    /// implementations are registered: in-memory, SQLite, Redis or the app's own). Each check makes one cheap read;
    /// a store that throws or exceeds <see cref="SessionOptions.StoreTimeout"/> is reported as
    /// <paramref name="failureStatus"/> with the exception. A store the configured session kind does not use is
    /// reported healthy. Map them with <c>app.MapHealthChecks("/healthz")</c>. Safe to call more than once.
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="failureStatus">The status reported for a failing store.</param>
    /// <param name="tags">Tags for the three registrations (for example <c>ready</c>), used to filter health endpoints.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder AddHealthChecks(this AuthKitBuilder builder, HealthStatus failureStatus = HealthStatus.Unhealthy, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var tagList = tags?.ToArray() ?? [];

        builder.Services.AddHealthChecks();
        builder.Services.Configure<HealthCheckServiceOptions>(options =>
        {
            // A probe is null when the store is not in use (stateless sessions keep no session store, and so on).
            Add(options, SessionStoreCheckName, "session store", failureStatus, tagList, static services =>
                Kind(services) != SessionKind.Database ? null : Probe(services.GetRequiredService<ISessionStore>()));
            Add(options, RevocationStoreCheckName, "revocation store", failureStatus, tagList, static services =>
                Kind(services) != SessionKind.Stateless ? null : Probe(services.GetRequiredService<ISessionRevocationStore>(), services.GetRequiredService<TimeProvider>()));
            Add(options, ThrottleStoreCheckName, "throttle store", failureStatus, tagList, static services =>
                !services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Throttling.Enabled ? null : Probe(services.GetRequiredService<IThrottleStore>()));
        });
        return builder;
    }

    private static Func<CancellationToken, ValueTask> Probe(ISessionStore store)
        => async ct => await store.FindAsync(StoreHealthCheck.ProbeKey, ct).ConfigureAwait(false);

    private static Func<CancellationToken, ValueTask> Probe(ISessionRevocationStore store, TimeProvider time)
        => async ct => await store.IsRevokedAsync(StoreHealthCheck.ProbeKey, StoreHealthCheck.ProbeKey, time.GetUtcNow(), ct).ConfigureAwait(false);

    private static Func<CancellationToken, ValueTask> Probe(IThrottleStore store)
        => async ct => await store.GetAsync(StoreHealthCheck.ProbeKey, ct).ConfigureAwait(false);

    // Null when no sessions were added (AddSessions() and its variants register the backend).
    private static SessionKind? Kind(IServiceProvider services)
        => services.GetRequiredService<IServiceProviderIsService>().IsService(typeof(ISessionBackend))
            ? services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Sessions.Kind
            : null;

    private static void Add(
        HealthCheckServiceOptions options,
        string name,
        string store,
        HealthStatus failureStatus,
        string[] tags,
        Func<IServiceProvider, Func<CancellationToken, ValueTask>?> probe)
    {
        if (options.Registrations.Any(r => r.Name == name))
        {
            return;
        }

        options.Registrations.Add(new HealthCheckRegistration(
            name,
            services =>
            {
                return new StoreHealthCheck(store, probe(services), services.GetRequiredService<IOptions<AuthKitOptions>>(), services.GetRequiredService<TimeProvider>());
            },
            failureStatus,
            tags));
    }
}
