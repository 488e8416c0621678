using AuthKit;
using AuthKit.Credentials;
using AuthKit.Sessions;
using AuthKit.TestApp;
using Microsoft.AspNetCore.Authorization;

// The host that AuthKit's integration tests drive over HTTP (WebApplicationFactory). "Sessions:Mode" picks
// the session kind, so one test suite runs against both.
var builder = WebApplication.CreateBuilder(args);

builder.Services.AddSingleton<InMemoryUserStore>();
builder.Services.AddScoped<IUserStore>(sp => sp.GetRequiredService<InMemoryUserStore>());
var authKit = builder.Services.AddAuthKit(builder.Configuration.GetSection("AuthKit"));
if (builder.Configuration["Sessions:Mode"] == "Database")
{
    authKit.AddDatabaseSessions();
    if (builder.Configuration["Sessions:Store"] == "Sqlite")
    {
        authKit.UseSqlite(builder.Configuration.GetConnectionString("Sessions")!);
    }
}
else
{
    authKit.AddStatelessSessions();
}

// Redis holds database sessions, the stateless revocation list and throttling, shared by every instance.
if (builder.Configuration["Sessions:Store"] == "Redis")
{
    authKit.UseRedis(builder.Configuration.GetConnectionString("Sessions")!);
}

var app = builder.Build();
app.UseAuthKit();

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

app.MapPost("/test/signout-others", async (ISessionManager sessions, HttpContext http) =>
    await sessions.RevokeOthersAsync(http) ? Results.NoContent() : Results.Unauthorized());

app.MapGet("/test/sessions", async (ISessionManager sessions, HttpContext http) =>
    Results.Ok(await sessions.ListAsync(http.User.FindFirst(AuthKitClaimTypes.UserId)!.Value))).RequireAuthorization();

app.MapDelete("/test/sessions/{id}", async (string id, ISessionManager sessions, HttpContext http) =>
    await sessions.RevokeAsync(http.User.FindFirst(AuthKitClaimTypes.UserId)!.Value, id) ? Results.NoContent() : Results.NotFound()).RequireAuthorization();

app.Run();

/// <summary>Sign-up and sign-in input; <see cref="Values"/> go into the session.</summary>
internal sealed record Credentials(string? Email, string? Password, Dictionary<string, string>? Values = null);

/// <summary>The entry point, visible to WebApplicationFactory.</summary>
public partial class Program;
