using Microsoft.EntityFrameworkCore;
using System.Security.Claims;
using AuthKit.Credentials;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthKit.Benchmarks;

/// <summary>
/// The app the HTTP load script drives, one process per mode, on the full <c>WebApplication.CreateBuilder</c> host:
/// <c>none</c> (the ceiling), <c>stateless</c>, <c>database</c> (SQLite) and <c>cookie</c> (ASP.NET Core cookie
/// authentication with RequireAuthorization). Every mode serves GET <c>/</c> (public) and GET <c>/api/profile</c>; AuthKit's
/// modes declare the README's route policies and protect <c>/api/profile</c> with <c>.RequireSession()</c>; the
/// authenticated modes offer POST <c>/signin</c>.
/// </summary>
internal static class BenchApp
{
    public static void Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "none";

        // The full host an app gets from `dotnet new web` (not the slim one), logging as its appsettings.json does:
        // Information, and Warning for Microsoft.AspNetCore. A per-request line at Information would show here.
        var builder = WebApplication.CreateBuilder(args[1..]);
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddConsole();
        var user = new BenchUser("user-0042", ["admin", "editor"]);

        switch (mode)
        {
            case "stateless":
            case "database":
            case "database-redis":
            case "database-postgres":
                var authKit = builder.Services.AddAuthKit(o =>
                {
                    o.Keys.Add(new AuthKitKeyOptions { Id = "bench", Secret = Convert.ToBase64String(new byte[32]) });
                    o.RateLimit.Enabled = false; // the flood test measures hashing isolation, not the rate limiter
                    o.Throttling.Enabled = false;
                });
                builder.Services.AddSingleton<IUserStore>(new OneUser(user));
                if (mode == "database")
                {
                    authKit.AddDatabaseSessions().UseSqlite($"Data Source={Path.Combine(Path.GetTempPath(), $"authkit-bench-{Environment.ProcessId}.db")}");
                }
                else if (mode == "database-redis")
                {
                    authKit.AddDatabaseSessions().UseRedis(Environment.GetEnvironmentVariable("AUTHKIT_BENCH_REDIS")!);
                }
                else if (mode == "database-postgres")
                {
                    // As docs/entity-framework.md sets it up: a pooled context factory, Npgsql's automatic preparation.
                    var postgres = Environment.GetEnvironmentVariable("AUTHKIT_BENCH_POSTGRES")!;
                    builder.Services.AddPooledDbContextFactory<EfSessionLookupBenchmarks.BenchDbContext>(o => o.UseNpgsql(postgres));
                    authKit.AddDatabaseSessions().UseEntityFrameworkCore<EfSessionLookupBenchmarks.BenchDbContext>();
                }
                else
                {
                    authKit.AddStatelessSessions();
                }

                // The README's route policies (and the bench's own sign-in shortcut).
                authKit.AddRoutePolicies(r => r
                    .Public("/", "/api/auth/{**rest}", "/signin")
                    .PublicOnly("/login", "/signup")
                    .Protect("/dashboard/{**rest}", "/api/{**rest}")
                    .RequireRole("/admin/{**rest}", "admin"));
                break;
            case "cookie":
                builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                builder.Services.AddAuthorization();
                break;
        }

        var app = builder.Build();
        if (mode == "database-postgres")
        {
            using var db = app.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<EfSessionLookupBenchmarks.BenchDbContext>>().CreateDbContext();
            db.Database.EnsureCreated();
        }

        switch (mode)
        {
            case "stateless":
            case "database":
            case "database-redis":
            case "database-postgres":
                app.UseAuthKit();
                app.MapAuthKitEndpoints("/api/auth");
                app.MapPost("/signin", async (HttpContext http, ISessionManager sessions) =>
                {
                    await sessions.CreateAsync(http, user);
                    return Results.Ok();
                });
                app.MapGet("/", () => "hello");
                app.MapGet("/api/profile", () => "hello").RequireSession();
                break;
            case "cookie":
                app.UseAuthentication();
                app.UseAuthorization();
                app.MapPost("/signin", async (HttpContext http) =>
                {
                    // The same four claims as AuthKit's principal.
                    var claims = new List<Claim>
                    {
                        new(ClaimTypes.NameIdentifier, user.Id),
                        new("sid", "session-0042"),
                        new(ClaimTypes.Role, "admin"),
                        new(ClaimTypes.Role, "editor"),
                    };
                    await http.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme)));
                    return Results.Ok();
                });
                app.MapGet("/", () => "hello");
                app.MapGet("/api/profile", () => "hello").RequireAuthorization();
                break;
            default:
                app.MapGet("/", () => "hello");
                app.MapGet("/api/profile", () => "hello");
                break;
        }

        app.Run();
    }

    private sealed class OneUser(IAuthKitUser user) : IUserStore
    {
        private readonly string _hash = new AuthKit.Credentials.Hashing.Pbkdf2PasswordHasher(Microsoft.Extensions.Options.Options.Create(new AuthKitOptions())).HashPassword("the bench password");

        public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
            => Task.FromResult<IAuthKitUser?>(normalizedEmail == user.Email ? new BenchUserWithHash(user, _hash) : null);

        public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(userId == user.Id ? user : null);

        public Task<IAuthKitUser?> CreateAsync(NewUser newUser, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

        public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record BenchUserWithHash(IAuthKitUser User, string PasswordHash) : IAuthKitUser
    {
        public string Id => User.Id;

        public string Email => User.Email;

        public IReadOnlyCollection<string> Roles => User.Roles;
    }
}
