using System.Security.Claims;
using AuthKit.Credentials;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AuthKit.Benchmarks;

/// <summary>
/// The small app the HTTP load script drives, one process per mode: <c>none</c> (the ceiling), <c>stateless</c>,
/// <c>database</c> (SQLite) and <c>cookie</c> (ASP.NET Core cookie authentication with RequireAuthorization).
/// Every mode serves GET /hello; the authenticated modes require a session there and offer POST /signin.
/// </summary>
internal static class BenchApp
{
    public static void Run(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "none";
        var builder = WebApplication.CreateSlimBuilder(args[1..]);
        // Warnings and errors only, as a production app would log: per-request information lines (hosting,
        // routing) would cost more than what is measured. The start-up lines still show.
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information).AddConsole();
        var user = new BenchUser("user-0042", ["admin", "editor"]);

        switch (mode)
        {
            case "stateless":
            case "database":
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
                else
                {
                    authKit.AddStatelessSessions();
                }

                break;
            case "cookie":
                builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie();
                builder.Services.AddAuthorization();
                break;
        }

        var app = builder.Build();
        switch (mode)
        {
            case "stateless":
            case "database":
                app.UseAuthKit();
                app.MapAuthKitEndpoints("/api/auth");
                app.MapPost("/signin", async (HttpContext http, ISessionManager sessions) =>
                {
                    await sessions.CreateAsync(http, user);
                    return Results.Ok();
                });
                app.MapGet("/hello", () => "hello").RequireAuthorization();
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
                app.MapGet("/hello", () => "hello").RequireAuthorization();
                break;
            default:
                app.MapGet("/hello", () => "hello");
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
