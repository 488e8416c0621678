using Microsoft.EntityFrameworkCore;
using AuthKit;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Mapping;
using AuthKit.Sessions;
using AuthKit.TestApp;
using Microsoft.AspNetCore.Authorization;

// The host that AuthKit's integration tests drive over HTTP (WebApplicationFactory). The session kind is AuthKit's own
// switch, AuthKit:Sessions:Kind (AddSessions()); the tests' "Sessions:Mode" is mapped onto it, so one suite runs against both.
var builder = WebApplication.CreateBuilder(args);
if (builder.Configuration["Sessions:Mode"] is { } mode)
{
    builder.Configuration["AuthKit:Sessions:Kind"] = mode;
}

builder.Services.AddSingleton<InMemoryUserStore>();
builder.Services.AddScoped<IUserStore>(sp => sp.GetRequiredService<InMemoryUserStore>());
var authKit = builder.Services.AddAuthKit(builder.Configuration.GetSection("AuthKit")).AddSessions();

// The email flows over a real SMTP server (the tests start smtp4dev and name it under AuthKit:Smtp).
if (builder.Configuration["Email:Enabled"] == "true")
{
    builder.Services.AddScoped<IUserEmailStore>(sp => sp.GetRequiredService<InMemoryUserStore>());
    authKit.AddEmailVerification().AddPasswordReset().UseSmtp(builder.Configuration.GetSection("AuthKit:Smtp"));
}

// SQLite keeps database sessions, the stateless revocation list and throttling on disk, for both kinds.
if (builder.Configuration["Sessions:Store"] == "Sqlite")
{
    authKit.UseSqlite(builder.Configuration.GetConnectionString("Sessions")!);
}

authKit.AddRoutePolicies(r =>
{
    r.LoginPath = "/login";
    r.LandingPath = "/dashboard";
    r.Ignore("/health", "/static/{**rest}");
    r.PublicOnly("/login", "/signup");
    r.Public("/", "/api/auth/{**rest}", "/signin-oidc", "/reset-password", "/verify-email", "/test/{**rest}", "/api/public", "/api/users/{id}", "/api/group/{**rest}", "/api/profile", "/api/admin/users");
    r.RequireRole("/admin/{**rest}", "admin");
    r.RequireRole("/api/admin", "admin");
    r.Protect("/dashboard/{**rest}", "/api/{**rest}");
});

// TOTP second factor with recovery codes, and QR codes for enrolment.
if (builder.Configuration["TwoFactor:Enabled"] == "true")
{
    builder.Services.AddScoped<AuthKit.TwoFactor.IUserTwoFactorStore>(sp => sp.GetRequiredService<InMemoryUserStore>());
    authKit.AddTwoFactor().UseQrCodes();
}

// Passkeys (WebAuthn) for passwordless sign-in, the second step and step-up; the relying party is AuthKit:PublicOrigin's.
if (builder.Configuration["Passkeys:Enabled"] == "true")
{
    authKit.AddPasskeys(builder.Configuration.GetSection("AuthKit:Passkeys"));
}

// External sign-in at a real OpenID Connect provider (the tests start panva's oidc-provider and name it here).
if (builder.Configuration["External:Authority"] is { } authority)
{
    builder.Services.AddScoped<AuthKit.External.IUserLoginStore>(sp => sp.GetRequiredService<InMemoryUserStore>());
    authKit.AddExternalLogins();
    builder.Services.AddAuthentication().AddOpenIdConnect("oidc", "Test provider", o =>
    {
        o.Authority = authority;
        o.RequireHttpsMetadata = false;
        o.ClientId = "authkit-tests";
        o.ClientSecret = "authkit-tests-secret";
        o.ResponseType = "code";
        o.ResponseMode = "query";
        o.UsePkce = true;
        o.MapInboundClaims = false;
        o.Scope.Add("email");
        o.BackchannelTimeout = TimeSpan.FromSeconds(builder.Configuration.GetValue("External:TimeoutSeconds", 10));
    });
}

// PostgreSQL through EF Core holds database sessions, the revocation list, throttling and tokens (AuthKit.EntityFrameworkCore).
if (builder.Configuration["Sessions:Store"] == "Postgres")
{
    var connectionString = builder.Configuration.GetConnectionString("Sessions")!;
    builder.Services.AddDbContextFactory<TestAppDbContext>(o => o.UseNpgsql(connectionString));
    authKit.UseEntityFrameworkCore<TestAppDbContext>();
}

// Redis holds database sessions, the stateless revocation list and throttling, shared by every instance.
if (builder.Configuration["Sessions:Store"] == "Redis")
{
    // Suites sharing one test server keep apart by prefix (the test app's user ids restart at u1 in every instance).
    var prefix = builder.Configuration["Redis:KeyPrefix"];
    authKit.UseRedis(builder.Configuration.GetConnectionString("Sessions")!, o => o.KeyPrefix = prefix ?? o.KeyPrefix);
}

var app = builder.Build();
if (builder.Configuration["Sessions:Store"] == "Postgres")
{
    // The tests give each app an empty database: create AuthKit's tables (an app would apply its migrations).
    using var scope = app.Services.CreateScope();
    scope.ServiceProvider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TestAppDbContext>>().CreateDbContext().Database.EnsureCreated();
}

app.UseAuthKit();
app.MapAuthKitEndpoints("/api/auth");

// Pages (the optimistic route policies guard them).
app.MapGet("/", () => "home");
app.MapGet("/login", () => "login page");
app.MapGet("/signup", () => "signup page");
app.MapGet("/dashboard", () => "dashboard");
app.MapGet("/admin", () => "admin page");
app.MapGet("/health", () => "healthy");

// The pages mailed links open (they POST the token; a GET consumes nothing).
app.MapGet("/reset-password", () => Results.Content("<!DOCTYPE html><title>Reset</title><form method=post>…</form>", "text/html"));
app.MapGet("/verify-email", () => Results.Content("<!DOCTYPE html><title>Verify</title><form method=post>…</form>", "text/html"));
app.MapGet("/undeclared", () => "nobody declared this route");
app.MapGet("/api/public", () => Results.Ok(new { open = true }));

// Secure checks (the guard) and DTOs.
var profiles = DtoMapper.Create<TestAppUser, UserDto>((user, viewer) => new UserDto(
    user.Id,
    user.Email,
    Viewer.Reveal(user.Phone, viewer.OwnsOrIsInRole(user.Id, "admin"))));

app.MapGet("/api/profile", async (IAuthGuard guard) =>
    Results.Ok(profiles.Map((TestAppUser)await guard.GetUserAsync(), await guard.GetViewerAsync()))).RequireSession();

app.MapGet("/api/admin/users", async (IAuthGuard guard, InMemoryUserStore users) =>
    Results.Ok(profiles.MapAll(users.All(), await guard.GetViewerAsync()))).RequireRole("admin");

app.MapGet("/api/users/{id}", async (string id, IAuthGuard guard, InMemoryUserStore users) =>
    await users.FindByIdAsync(id, default) is TestAppUser user ? Results.Ok(profiles.Map(user, await guard.GetViewerAsync())) : Results.NotFound());

var group = app.MapGroup("/api/group").RequireSession();
group.MapGet("/ping", () => Results.Ok(new { pong = true }));
group.MapGet("/guard-many", async (IAuthGuard guard) =>
{
    await guard.RequireSessionAsync();
    await guard.GetSessionAsync();
    await guard.GetUserAsync();
    await guard.GetUserAsync();
    return Results.Ok(new { checkedFourTimes = true });
});

app.MapGet("/test/leak-user", async (InMemoryUserStore users) => Results.Ok(users.All().First()));
app.MapGet("/test/leak-secret", () => Results.Ok(new SecretHolder("visible", "s3cr3t-token-value")));

app.MapPost("/test/users", async (Credentials input, IAccountRegistrar registrar, CancellationToken ct) =>
{
    var result = await registrar.RegisterAsync(input.Email, input.Password, ct);
    return result.Succeeded ? Results.Ok(new { userId = result.User!.Id }) : Results.BadRequest(result.Errors);
});

app.MapPost("/test/signin", async (Credentials input, ICredentialVerifier verifier, ISessionManager sessions, HttpContext http, CancellationToken ct) =>
{
    var result = await verifier.VerifyAsync(input.Email, input.Password, http.Connection.RemoteIpAddress?.ToString(), ct);
    if (!result.Succeeded)
    {
        return Results.Unauthorized();
    }

    var values = input.Values ?? new Dictionary<string, string>();
    var session = await sessions.CreateAsync(http, result.User!, values, ct);
    return Results.Ok(new { userId = session.UserId, sessionId = session.Id });
});

app.MapGet("/api/me", async (ISessionManager sessions, HttpContext http) =>
{
    var session = await sessions.GetAsync(http);
    return Results.Ok(new
    {
        userId = http.User.FindFirst(AuthKitClaimTypes.UserId)?.Value,
        roles = http.User.FindAll(AuthKitClaimTypes.Role).Select(c => c.Value),
        sessionId = session!.Id,
        values = session.Values,
        issuedAt = session.IssuedAt,
        idleExpiresAt = session.IdleExpiresAt,
        absoluteExpiresAt = session.AbsoluteExpiresAt,
    });
}).RequireAuthorization();

app.MapGet("/api/admin", [Authorize(Roles = "admin")] () => Results.Ok(new { admin = true }));

app.MapGet("/api/optimistic", (ISessionManager sessions, HttpContext http) =>
    sessions.ReadCookie(http) is { } session ? Results.Ok(new { userId = session.UserId }) : Results.Unauthorized());

app.MapPost("/test/signout", async (ISessionManager sessions, HttpContext http) =>
{
    await sessions.SignOutAsync(http);
    return Results.NoContent();
});

app.MapPost("/test/signout-everywhere", async (ISessionManager sessions, HttpContext http) =>
{
    await sessions.RevokeAllAsync(http.User.FindFirst(AuthKitClaimTypes.UserId)!.Value);
    return Results.NoContent();
}).RequireAuthorization();

app.MapPost("/api/fresh", () => Results.Ok(new { fresh = true })).RequireFreshSession(TimeSpan.FromMinutes(2));

app.MapPost("/test/signout-others", async (ISessionManager sessions, HttpContext http) =>
    await sessions.RevokeOthersAsync(http) ? Results.NoContent() : Results.Unauthorized());

app.MapGet("/test/sessions", async (ISessionManager sessions, HttpContext http) =>
    Results.Ok(await sessions.ListAsync(http.User.FindFirst(AuthKitClaimTypes.UserId)!.Value))).RequireAuthorization();

app.MapDelete("/test/sessions/{id}", async (string id, ISessionManager sessions, HttpContext http) =>
    await sessions.RevokeAsync(http.User.FindFirst(AuthKitClaimTypes.UserId)!.Value, id) ? Results.NoContent() : Results.NotFound()).RequireAuthorization();

app.Run();

/// <summary>What a viewer may see of a user.</summary>
internal sealed record UserDto(string Id, string Email, string? Phone);

/// <summary>A DTO with a secret member, for the serializer safety net.</summary>
internal sealed record SecretHolder(string Name, [property: Secret] string Token);

/// <summary>Sign-up and sign-in input; <see cref="Values"/> go into the session.</summary>
internal sealed record Credentials(string? Email, string? Password, Dictionary<string, string>? Values = null);

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;

/// <summary>The test app's context: AuthKit's tables only (its users stay in memory).</summary>
public sealed class TestAppDbContext(DbContextOptions<TestAppDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.AddAuthKit();
}
