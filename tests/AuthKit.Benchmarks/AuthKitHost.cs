using System.Security.Claims;
using AuthKit.Authentication;
using AuthKit.Credentials;
using AuthKit.Sessions;
using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuthKit.Benchmarks;

/// <summary>AuthKit's services as an app registers them, with one signed-in session, driven without HTTP.</summary>
internal sealed class AuthKitHost : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly IServiceScope _scope;
    private readonly ISessionManager _sessions;
    private readonly SessionCheck _check;
    private readonly SessionCookie _cookie;

    private AuthKitHost(ServiceProvider services)
    {
        _services = services;
        _scope = services.CreateScope();
        _sessions = _scope.ServiceProvider.GetRequiredService<ISessionManager>();
        _check = _scope.ServiceProvider.GetRequiredService<SessionCheck>();
        _cookie = _scope.ServiceProvider.GetRequiredService<SessionCookie>();
    }

    public AuthSession Session { get; private set; } = null!;

    public string CookieName { get; private set; } = null!;

    public string CookieHeader { get; private set; } = null!;

    private string CookieValue { get; set; } = null!;

    public static async Task<AuthKitHost> CreateAsync(SessionKind kind, string? sqlite, IAuthKitUser user)
    {
        var services = new ServiceCollection();
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        services.AddSingleton<IHostEnvironment>(new BenchEnvironment());
        var authKit = services.AddAuthKit(o =>
        {
            o.Keys.Add(new AuthKitKeyOptions { Id = "bench", Secret = Convert.ToBase64String(new byte[32]) });
        });
        services.AddScoped<IUserStore, NoUsers>();
        if (kind == SessionKind.Database)
        {
            authKit.AddDatabaseSessions();
            if (sqlite is not null)
            {
                authKit.UseSqlite(sqlite);
            }
        }
        else
        {
            authKit.AddStatelessSessions();
        }

        var host = new AuthKitHost(services.BuildServiceProvider());
        var context = new DefaultHttpContext { RequestServices = host._scope.ServiceProvider };
        host.Session = await host._sessions.CreateAsync(context, user);
        var setCookie = context.Response.Headers.SetCookie.ToString();
        var pair = setCookie[..setCookie.IndexOf(';', StringComparison.Ordinal)];
        host.CookieName = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
        host.CookieValue = Uri.UnescapeDataString(pair[(host.CookieName.Length + 1)..]);
        host.CookieHeader = pair;
        return host;
    }

    public async ValueTask<ClaimsPrincipal?> AuthenticateAsync(bool withCookie = true)
    {
        var context = new DefaultHttpContext();
        if (withCookie)
        {
            context.Request.Headers.Cookie = CookieHeader;
        }

        // What the authentication handler does, without the framework's handler around it.
        return await AuthKitAuthenticationHandler.AuthenticatePrincipalAsync(_check, context, AuthKitDefaults.AuthenticationScheme, default);
    }

    public AuthSession? ReadCookie()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = CookieHeader;
        return _sessions.ReadCookie(context);
    }

    public string Seal()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = CookieHeader;
        return _cookie.Seal(_check.ReadCookie(context) ?? throw new InvalidOperationException("No session cookie."));
    }

    public void Dispose()
    {
        _scope.Dispose();
        _services.Dispose();
    }

    private sealed class BenchEnvironment : IHostEnvironment
    {
        public string EnvironmentName { get; set; } = "Production";

        public string ApplicationName { get; set; } = "AuthKit.Benchmarks";

        public string ContentRootPath { get; set; } = AppContext.BaseDirectory;

        public Microsoft.Extensions.FileProviders.IFileProvider ContentRootFileProvider { get; set; } = new Microsoft.Extensions.FileProviders.NullFileProvider();
    }
}
