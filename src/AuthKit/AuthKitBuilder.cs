using System.Diagnostics.CodeAnalysis;
using AuthKit.Accounts;
using AuthKit.Authentication;
using AuthKit.Authorization;
using AuthKit.Events;
using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Internal;
using AuthKit.Mail;
using AuthKit.Sessions;
using AuthKit.Sessions.Database;
using AuthKit.Sessions.Cookies;
using AuthKit.Sessions.Sealing;
using AuthKit.Sessions.Stateless;
using AuthKit.Tokens;
using AuthKit.TwoFactor;
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
    /// <remarks>
    /// A store that also implements <see cref="IUserEmailStore"/> (needed by <see cref="AddEmailVerification"/>) or
    /// <see cref="IUserTwoFactorStore"/> (needed by <see cref="AddTwoFactor"/>) or <see cref="AuthKit.External.IUserLoginStore"/>
    /// (needed by <see cref="AddExternalLogins"/>) or <see cref="AuthKit.Passkeys.IUserPasskeyStore"/> (needed by
    /// <c>AddPasskeys()</c>) is registered as those too, one instance per scope.
    /// </remarks>
    public AuthKitBuilder AddUserStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IUserStore
    {
        Type[] optional = [typeof(IUserEmailStore), typeof(IUserTwoFactorStore), typeof(AuthKit.External.IUserLoginStore), typeof(AuthKit.Passkeys.IUserPasskeyStore)];
        foreach (var type in optional)
        {
            Services.RemoveAll(type);
        }

        if (!optional.Any(type => type.IsAssignableFrom(typeof(TStore))))
        {
            Services.Replace(ServiceDescriptor.Scoped<IUserStore, TStore>());
            return this;
        }

        // One instance per scope behind every interface it implements.
        Services.TryAddScoped<TStore>();
        Services.Replace(ServiceDescriptor.Scoped<IUserStore>(static services => services.GetRequiredService<TStore>()));
        foreach (var type in optional.Where(type => type.IsAssignableFrom(typeof(TStore))))
        {
            Services.Add(ServiceDescriptor.Scoped(type, static services => services.GetRequiredService<TStore>()));
        }

        return this;
    }

    /// <summary>Replaces the password hasher (the default is PBKDF2-HMAC-SHA256 with Identity V2/V3 compatibility).</summary>
    /// <typeparam name="THasher">The hasher; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UsePasswordHasher<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THasher>()
        where THasher : class, IPasswordHasher
    {
        Services.Replace(ServiceDescriptor.Singleton<IPasswordHasher, THasher>());
        return this;
    }

    /// <summary>Replaces the throttle store (the default keeps counters in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseThrottleStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
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
    public AuthKitBuilder UseSessionStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, ISessionStore
    {
        Services.Replace(ServiceDescriptor.Singleton<ISessionStore, TStore>());
        return this;
    }

    /// <summary>Replaces the revocation list of stateless sessions (the default keeps it in process memory).</summary>
    /// <typeparam name="TStore">The store; it is a singleton and must be thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseRevocationStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
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
    public AuthKitBuilder AddEventHandler<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
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
    public AuthKitBuilder UseSessionCookieFormat<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TFormat>()
        where TFormat : class, ISessionCookieFormat
    {
        Services.Replace(ServiceDescriptor.Singleton<ISessionCookieFormat, TFormat>());
        Services.TryAddSingleton<CookieFormatReplaced>();
        return this;
    }

    /// <summary>
    /// Adds address verification: a link mailed at sign-up and on request (<c>POST …/email/resend</c>), redeemed by
    /// <c>POST …/email/verify</c>; address change from a fresh session (<c>POST …/email/change</c>); <c>emailVerified</c>
    /// in the session answer; and, with <see cref="EmailOptions.RequireVerified"/>, sign-in only with a verified address
    /// and a sign-up that reveals nothing. Needs a user store that implements <see cref="IUserEmailStore"/>, a mail sender
    /// and <see cref="AuthKitOptions.PublicOrigin"/>; start-up fails with one message naming what is missing.
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddEmailVerification()
    {
        AddMail().Verification = true;
        return this;
    }

    /// <summary>
    /// Adds password reset: <c>POST …/password/forgot</c> answers 202 for every address and mails a link to an existing
    /// account; <c>POST …/password/reset</c> sets the new password with that link, ends every session of the user and
    /// sends a notice. Needs a mail sender and <see cref="AuthKitOptions.PublicOrigin"/>.
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddPasswordReset()
    {
        AddMail().PasswordReset = true;
        return this;
    }

    /// <summary>
    /// Adds a second factor: TOTP (RFC 6238, authenticator apps) with single-use recovery codes. A right password on an
    /// enrolled account gives a short-lived pending state instead of a session; <c>POST …/login/second-factor</c> with a
    /// code completes the sign-in. Enrolment, recovery codes and disabling are endpoints of <c>MapAuthKitEndpoints</c>
    /// that need a fresh session. Needs a user store that implements <see cref="IUserTwoFactorStore"/>, sessions, and
    /// AuthKit's key ring (the secrets are sealed with it).
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddTwoFactor()
    {
        Services.TryAddSingleton<TwoFactorFeature>();
        Services.TryAddSingleton<KeyRing>();
        Services.TryAddSingleton(static services => new TwoFactorSecrets(new Lazy<KeyRing>(services.GetRequiredService<KeyRing>)));
        Services.TryAddSingleton(static services => new TwoFactorCookies(new Lazy<KeyRing>(services.GetRequiredService<KeyRing>), services.GetRequiredService<SessionCookie>()));
        Services.TryAddScoped<TwoFactorService>();
        return this;
    }

    /// <summary>
    /// Adds external sign-in: ASP.NET Core's remote handlers (<c>AddOpenIdConnect</c>, <c>AddGoogle</c>,
    /// <c>AddMicrosoftAccount</c>, the aspnet-contrib providers) sign in to AuthKit's external cookie scheme
    /// (<see cref="AuthKitDefaults.ExternalScheme"/>, made their default sign-in scheme), and <c>MapAuthKitEndpoints</c>
    /// maps <c>external/{provider}</c> (start), <c>external/callback</c> (completion: linking rules, then an AuthKit session
    /// or the second step), <c>external/{provider}/link</c>, <c>logins</c> and <c>logins/{provider}</c>. Needs a user store
    /// that implements <see cref="AuthKit.External.IUserLoginStore"/> and sessions. Register the providers themselves with
    /// <c>services.AddAuthentication().AddOpenIdConnect(…)</c>.
    /// </summary>
    /// <returns>This builder.</returns>
    public AuthKitBuilder AddExternalLogins()
    {
        if (Services.Any(static d => d.ServiceType == typeof(AuthKit.External.ExternalLoginFeature)))
        {
            return this;
        }

        Services.AddSingleton<AuthKit.External.ExternalLoginFeature>();
        Services.TryAddSingleton<OneTimeTokens>();
        Services.TryAddSingleton<IOneTimeTokenStore, InMemoryOneTimeTokenStore>();
        Services.TryAddEnumerable(ServiceDescriptor.Scoped<AuthKit.Internal.ISignInMethodSource, AuthKit.External.ExternalSignInMethods>());
        Services.AddAuthentication().AddCookie(AuthKitDefaults.ExternalScheme, static _ => { });
        Services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(AuthKitDefaults.ExternalScheme)
            .Configure<SessionCookie, IOptions<AuthKitOptions>>(static (cookie, session, options) =>
            {
                // The provider's answer, between its callback and AuthKit's completion: short-lived, Lax (it is set by a
                // navigation that started at the provider), read and deleted once.
                cookie.Cookie.Name = session.Name + "-external";
                cookie.Cookie.SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax;
                cookie.Cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.Always;
                cookie.Cookie.HttpOnly = true;
                cookie.ExpireTimeSpan = options.Value.ExternalLogins.CallbackLifetime;
                cookie.SlidingExpiration = false;
            });
        Services.PostConfigure<Microsoft.AspNetCore.Authentication.AuthenticationOptions>(static options =>
            options.DefaultSignInScheme ??= AuthKitDefaults.ExternalScheme);
        return this;
    }

    /// <summary>Draws enrolment QR codes (the <c>AuthKit.QrCodes</c> package registers one with <c>UseQrCodes()</c>).</summary>
    /// <typeparam name="TRenderer">The renderer; a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseQrCodeRenderer<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TRenderer>()
        where TRenderer : class, IQrCodeRenderer
    {
        Services.Replace(ServiceDescriptor.Singleton<IQrCodeRenderer, TRenderer>());
        return this;
    }

    /// <summary>Sets the mail transport (<c>UseSmtp(…)</c> from <c>AuthKit.Smtp</c> does this with MailKit).</summary>
    /// <typeparam name="TSender">The sender; a singleton, called from one background worker at a time.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseEmailSender<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TSender>()
        where TSender : class, IEmailSender
    {
        Services.Replace(ServiceDescriptor.Singleton<IEmailSender, TSender>());
        return this;
    }

    /// <summary>Replaces the messages' wording (derive from <see cref="DefaultEmailTemplates"/> to change some kinds).</summary>
    /// <typeparam name="TTemplates">The templates; a singleton.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseEmailTemplates<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TTemplates>()
        where TTemplates : class, IEmailTemplates
    {
        Services.Replace(ServiceDescriptor.Singleton<IEmailTemplates, TTemplates>());
        return this;
    }

    /// <summary>Replaces the one-time token store (the default keeps tokens in process memory).</summary>
    /// <typeparam name="TStore">The store; a singleton, thread-safe.</typeparam>
    /// <returns>This builder.</returns>
    public AuthKitBuilder UseOneTimeTokenStore<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TStore>()
        where TStore : class, IOneTimeTokenStore
    {
        Services.Replace(ServiceDescriptor.Singleton<IOneTimeTokenStore, TStore>());
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

    private EmailFeatures AddMail()
    {
        if (Services.FirstOrDefault(static d => d.ServiceType == typeof(EmailFeatures))?.ImplementationInstance is EmailFeatures existing)
        {
            return existing;
        }

        var features = new EmailFeatures();
        Services.AddSingleton(features);
        Services.TryAddSingleton<MailQueue>();
        Services.TryAddSingleton<AccountMail>();
        Services.TryAddSingleton<MailThrottle>();
        Services.TryAddSingleton<OneTimeTokens>();
        Services.TryAddSingleton<IOneTimeTokenStore, InMemoryOneTimeTokenStore>();
        Services.TryAddSingleton<IEmailTemplates, DefaultEmailTemplates>();
        Services.TryAddScoped<AccountRegistrar>();
        Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, MailDeliveryService>());
        return features;
    }

    private sealed class SessionSchemeMarker;

    /// <summary>Registered when stateless sessions use another format, which needs no AuthKit key ring.</summary>
    internal sealed class CookieFormatReplaced;
}
