using AuthKit.Authentication;
using AuthKit.Authorization;
using AuthKit.Events;
using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Internal;
using AuthKit.Sessions;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Cookies;
using AuthKit.Sessions.Sealing;
using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit;

/// <summary>
/// Configures AuthKit after <c>services.AddAuthKit()</c>. Every method registers what it names and returns
/// the same builder, so calls chain.
/// </summary>
public sealed class AuthKitBuilder
{
    internal AuthKitBuilder(IServiceCollection services)
    {
        Services = services;
    }

    /// <summary>Gets the service collection AuthKit registers into.</summary>
    public IServiceCollection Services { get; }

    /// <summary>Registers the application's user store (scoped, so it may use a <c>DbContext</c>).</summary>
    /// <typeparam name="TStore">The application's <see cref="IUserStore"/> implementation.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddUserStore<TStore>()
        where TStore : class, IUserStore
    {
        Services.Replace(ServiceDescriptor.Scoped<IUserStore, TStore>());
        return this;
    }

    /// <summary>Replaces the password hasher (the default is PBKDF2-HMAC-SHA256 with Identity V2/V3 compatibility).</summary>
    /// <typeparam name="THasher">The hasher; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UsePasswordHasher<THasher>()
        where THasher : class, IPasswordHasher
    {
        Services.Replace(ServiceDescriptor.Singleton<IPasswordHasher, THasher>());
        return this;
    }

    /// <summary>Replaces the throttle store (the default keeps counters in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseThrottleStore<TStore>()
        where TStore : class, IThrottleStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IThrottleStore, TStore>());
        return this;
    }

    /// <summary>
    /// Adds sessions of the kind named by <see cref="SessionOptions.Kind"/> (configuration <c>AuthKit:Sessions:Kind</c>:
    /// <c>Stateless</c> or <c>Database</c>), so an app switches kinds by configuration. Registers the <c>AuthKit</c>
    /// authentication scheme as the default, so <c>[Authorize]</c> works.
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddSessions()
    {
        Services.TryAddSingleton<KeyRing>();
        Services.TryAddSingleton<ISessionCookieFormat>(static services => new SealedCookieFormat(
            new Lazy<KeyRing>(services.GetRequiredService<KeyRing>),
            StatelessSessionBackend.SealPurpose,
            services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Sessions.CookieName));
        Services.TryAddSingleton(static services =>
        {
            // Stateless sessions use the registered format (AuthKit's own unless replaced); database-session cookies always
            // carry AuthKit's sealed reference, under another purpose.
            var sessions = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Sessions;
            return new SessionCookie(sessions.Kind == SessionKind.Stateless
                ? services.GetRequiredService<ISessionCookieFormat>()
                : new SealedCookieFormat(new Lazy<KeyRing>(services.GetRequiredService<KeyRing>), DatabaseSessionBackend.SealPurpose, sessions.CookieName));
        });
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthKitCookie, SessionCookie>(static services => services.GetRequiredService<SessionCookie>()));
        Services.TryAddSingleton<ISessionRevocationStore, InMemorySessionRevocationStore>();
        Services.TryAddSingleton<ISessionStore, InMemorySessionStore>();
        Services.TryAddSingleton<StatelessSessionBackend>();
        Services.TryAddSingleton<DatabaseSessionBackend>();
        Services.TryAddSingleton<ISessionBackend>(static services =>
            services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Sessions.Kind == SessionKind.Database
                ? services.GetRequiredService<DatabaseSessionBackend>()
                : services.GetRequiredService<StatelessSessionBackend>());
        Services.TryAddSingleton<SessionAuthority>();
        Services.TryAddSingleton<SessionCheck>();
        Services.TryAddSingleton<ISessionManager, SessionManager>();
        Services.TryAddScoped<IAuthGuard, AuthGuard>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuthKitStartupCheck>());
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, SessionPurgeService>());
        Services.AddAuthorization();

        // AddScheme throws when the scheme exists, so a second call must not add it again.
        if (!Services.Any(d => d.ServiceType == typeof(SessionSchemeMarker)))
        {
            Services.AddSingleton<SessionSchemeMarker>();
            Services.AddAuthentication(AuthKitDefaults.AuthenticationScheme)
                .AddScheme<AuthenticationSchemeOptions, AuthKitAuthenticationHandler>(AuthKitDefaults.AuthenticationScheme, displayName: "AuthKit", configureOptions: null);
        }

        return this;
    }

    /// <summary>
    /// Adds stateless sessions: the session travels in an AES-256-GCM sealed cookie; logout and "sign out
    /// everywhere" go through a revocation list (in memory unless replaced).
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddStatelessSessions() => AddSessions().Configure(static o => o.Sessions.Kind = SessionKind.Stateless);

    /// <summary>
    /// Adds database sessions: the session lives in an <see cref="ISessionStore"/> (in memory unless replaced,
    /// for example by <c>UseSqlite(...)</c> from <c>AuthKit.Sqlite</c>); the cookie carries a sealed reference.
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddDatabaseSessions() => AddSessions().Configure(static o => o.Sessions.Kind = SessionKind.Database);

    /// <summary>Replaces the database-session store (the default keeps sessions in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseSessionStore<TStore>()
        where TStore : class, ISessionStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ISessionStore, TStore>());
        return this;
    }

    /// <summary>Replaces the revocation list of stateless sessions (the default keeps it in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseRevocationStore<TStore>()
        where TStore : class, ISessionRevocationStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ISessionRevocationStore, TStore>());
        return this;
    }

    /// <summary>
    /// Declares the route policies of the optimistic check (the guide's proxy), applied by <c>app.UseAuthKit()</c>:
    /// protected, public, public-only and ignored routes, routes that need a role, the login path.
    /// </summary>
    /// <param name="configure">Declares the rules.</param>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddRoutePolicies(Action<RoutePolicyOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    /// <summary>Subscribes a handler to AuthKit's security events (sign-in, sign-out, revocation, denial…).</summary>
    /// <typeparam name="THandler">The handler; a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddEventHandler<THandler>()
        where THandler : class, IAuthKitEventHandler
    {
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthKitEventHandler, THandler>());
        return this;
    }

    /// <summary>
    /// Replaces the session cookie format of stateless sessions (the default is AuthKit's AES-256-GCM sealed cookie),
    /// for example with a format shared with another framework. Expiry, renewal and revocation still apply. Database
    /// sessions always use AuthKit's own sealed reference.
    /// </summary>
    /// <typeparam name="TFormat">The format; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseSessionCookieFormat<TFormat>()
        where TFormat : class, ISessionCookieFormat
    {
        Services.Replace(ServiceDescriptor.Singleton<ISessionCookieFormat, TFormat>());
        Services.TryAddSingleton<CookieFormatReplaced>();
        return this;
    }

    /// <summary>Adds a configuration step for <see cref="AuthKitOptions"/>.</summary>
    /// <param name="configure">Changes the options.</param>
    /// <returns>This builder.</returns>
    public AuthKitBuilder Configure(Action<AuthKitOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Services.Configure(configure);
        return this;
    }

    private sealed class SessionSchemeMarker;

    /// <summary>Registered when stateless sessions use another format, which needs no AuthKit key ring.</summary>
    internal sealed class CookieFormatReplaced;
}
