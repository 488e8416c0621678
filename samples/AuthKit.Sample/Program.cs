using AuthKit.Credentials;
using AuthKit.Sample;
using AuthKit.Sample.Users;
using AuthKit.Sessions;

var builder = WebApplication.CreateBuilder(args);

// The sample's own users live in SQLite under the content root unless ConnectionStrings:Users says otherwise.
var usersConnection = builder.Configuration.GetConnectionString("Users")
    ?? $"Data Source={Path.Combine(builder.Environment.ContentRootPath, "users.db")}";
builder.Services.AddSingleton(new UserDatabase(usersConnection));
builder.Services.Configure<SampleOptions>(builder.Configuration.GetSection("Sample"));
builder.Services.AddProblemDetails();

builder.Services.AddAuthKit(builder.Configuration.GetSection("AuthKit"))
    .AddUserStore<SqliteUserStore>()
    .AddStatelessSessions();

var app = builder.Build();

// Malformed request bodies are the client's fault: 400 problem details, never a 500.
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    StatusCodeSelector = ex => ex is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError,
});
app.UseStatusCodePages();
app.UseAuthKit();

app.MapGet("/", () => Results.Content(Pages.Home, "text/html"));

var auth = app.MapGroup("/api/auth");

auth.MapPost("/signup", async (Credentials input, IAccountRegistrar registrar, CancellationToken ct) =>
{
    var result = await registrar.RegisterAsync(input.Email, input.Password, ct);
    return result.Status switch
    {
        RegistrationStatus.Succeeded => Results.Created($"/api/users/{result.User!.Id}", new { userId = result.User.Id }),
        RegistrationStatus.Overloaded => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The server is busy. Try again shortly."),
        _ => Results.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "Sign-up refused.",
            detail: string.Join(" ", result.Errors.Select(e => e.Description)),
            extensions: new Dictionary<string, object?> { ["errors"] = result.Errors }),
    };
});

auth.MapPost("/login", async (Credentials input, ICredentialVerifier verifier, ISessionManager sessions, HttpContext http, CancellationToken ct) =>
{
    var client = http.Connection.RemoteIpAddress?.ToString();
    var result = await verifier.VerifyAsync(input.Email, input.Password, client, ct);
    switch (result.Status)
    {
        case CredentialStatus.Succeeded:
            var session = await sessions.CreateAsync(http, result.User!, cancellationToken: ct);
            return Results.Ok(new { userId = session.UserId });
        case CredentialStatus.Throttled:
            http.Response.Headers.RetryAfter = Math.Ceiling(result.RetryAfter!.Value.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts. Try again later.");
        case CredentialStatus.Overloaded:
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The server is busy. Try again shortly.");
        default:
            return Results.Json(new { error = "Invalid credentials." }, statusCode: StatusCodes.Status401Unauthorized);
    }
});

auth.MapPost("/logout", async (ISessionManager sessions, HttpContext http, CancellationToken ct) =>
{
    await sessions.SignOutAsync(http, ct);
    return Results.NoContent();
});

auth.MapGet("/session", async (ISessionManager sessions, HttpContext http, CancellationToken ct) =>
    await sessions.GetAsync(http, ct) is { } session
        ? Results.Ok(new { userId = session.UserId, roles = session.Roles, expiresAt = session.ExpiresAt })
        : Results.Json(new { error = "Not signed in." }, statusCode: StatusCodes.Status401Unauthorized));

app.Run();

/// <summary>The JSON body of sign-up and sign-in.</summary>
internal sealed record Credentials(string? Email, string? Password);

/// <summary>The program, visible to integration tests.</summary>
public partial class Program;
