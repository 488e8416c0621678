using AuthKit;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.EntityFrameworkCore;
using AuthKit.Authorization;
using AuthKit.Mapping;
using AuthKit.Sample;
using AuthKit.Sample.Mail;
using AuthKit.Sample.Users;

var builder = WebApplication.CreateBuilder(args);
var configuration = builder.Configuration;
var contentRoot = builder.Environment.ContentRootPath;

// The session kind is AuthKit's own switch, AuthKit:Sessions:Kind (Stateless or Database); the sample's documented
// Sessions:Mode sets it (Database unless told otherwise).
configuration["AuthKit:Sessions:Kind"] = configuration["Sessions:Mode"] ?? configuration["AuthKit:Sessions:Kind"] ?? "Database";

// The sample's own users: its own SQLite table behind AuthKit's IUserStore (see Users/).
builder.Services.AddSingleton(new UserDatabase(configuration.GetConnectionString("Users") ?? $"Data Source={Path.Combine(contentRoot, "users.db")}"));
builder.Services.Configure<SampleOptions>(configuration.GetSection("Sample"));
builder.Services.AddScoped<SqliteUserStore>();
builder.Services.AddProblemDetails();

// The API's contract at /openapi/v1.json: AuthKit's endpoints and the sample's own, with the session cookie as the
// security scheme (samples/AuthKit.NextJs.Sample generates its typed client from it).
builder.Services.AddOpenApi(o => o.AddAuthKit());
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.TypeInfoResolverChain.Add(SampleJsonContext.Default));

// Mailed links (verification, reset, address change) start with AuthKit:PublicOrigin, never with the request's Host.
// In Development it defaults to the first URL the sample listens on.
var development = builder.Environment.IsDevelopment();
if (development && string.IsNullOrEmpty(configuration["AuthKit:PublicOrigin"]))
{
    configuration["AuthKit:PublicOrigin"] = DevelopmentOrigin(configuration["urls"]);
}

var authKit = builder.Services.AddAuthKit(configuration.GetSection("AuthKit"))
    .AddUserStore<SqliteUserStore>()
    .AddEmailVerification()
    .AddPasswordReset()
    .AddTwoFactor()
    .UseQrCodes()
    .AddPasskeys(configuration.GetSection("AuthKit:Passkeys"))
    .AddExternalLogins()
    .AddRoutePolicies(r =>
    {
        r.LoginPath = "/login";
        r.LandingPath = "/dashboard";
        r.Ignore("/assets/{**rest}", "/favicon.ico", "/health");
        r.Public("/", "/api/auth/{**rest}", "/openapi/{**rest}", "/reset-password", "/verify-email", "/dev/mailbox", "/signin-oidc", "/signin-google");
        r.PublicOnly("/login", "/login/second-factor", "/signup", "/forgot-password");
        r.RequireRole("/admin/{**rest}", "admin");
        r.Protect("/dashboard/{**rest}", "/security", "/api/{**rest}");
    });

// External sign-in: the providers configured here get a "Sign in with …" button; none configured is fine.
// Sample:Oidc:Authority (+ ClientId, ClientSecret, DisplayName) adds any OpenID Connect provider; Authentication:Google
// (ClientId, ClientSecret) adds Google.
var authentication = builder.Services.AddAuthentication();
var oidc = configuration.GetSection("Sample:Oidc");
if (oidc["Authority"] is { Length: > 0 } authority)
{
    authentication.AddOpenIdConnect("oidc", oidc["DisplayName"] ?? "OpenID Connect", o =>
    {
        o.Authority = authority;
        o.ClientId = oidc["ClientId"] ?? throw new InvalidOperationException("Sample:Oidc:ClientId is not set.");
        o.ClientSecret = oidc["ClientSecret"];
        o.ResponseType = "code";
        o.ResponseMode = "query";
        o.UsePkce = true;
        o.MapInboundClaims = false;
        o.Scope.Add("email");
        o.RequireHttpsMetadata = !development;
    });
}

var google = configuration.GetSection("Authentication:Google");
if (google["ClientId"] is { Length: > 0 } googleClientId)
{
    authentication.AddGoogle(o =>
    {
        o.ClientId = googleClientId;
        o.ClientSecret = google["ClientSecret"] ?? throw new InvalidOperationException("Authentication:Google:ClientSecret is not set.");
    });
}

// Mail: an SMTP server when AuthKit:Smtp is configured; in Development without one, a local folder shown at /dev/mailbox.
var smtp = configuration.GetSection("AuthKit:Smtp");
var mailbox = !smtp.Exists() && development;
if (smtp.Exists())
{
    authKit.UseSmtp(smtp);
}
else if (mailbox)
{
    builder.Services.AddSingleton<DevMailbox>();
    authKit.UseEmailSender<DevMailbox>();
}
else
{
    throw new InvalidOperationException(
        "The sample sends mail (verification, password reset): outside Development configure an SMTP server under AuthKit:Smtp (Host, Port, From, and UserName/Password if it needs them).");
}

// AuthKit:Sessions:Kind picks the kind; Sessions:Store the engine (Sqlite by default).
var mode = configuration["AuthKit:Sessions:Kind"]!;
if (!Enum.TryParse<AuthKit.Sessions.SessionKind>(mode, ignoreCase: true, out _))
{
    throw new InvalidOperationException($"Sessions:Mode is \"{mode}\"; use \"Database\" or \"Stateless\".");
}

authKit.AddSessions();

// A Next.js front end (samples/AuthKit.NextJs.Sample) shares the session: with AuthKit:NextJs configured, stateless
// sessions use its cookie format (the guide's jose JWT or iron-session), so a sign-in on either side counts on both.
if (configuration.GetSection("AuthKit:NextJs").Exists())
{
    authKit.UseNextJsSessions(configuration.GetSection("AuthKit:NextJs"));
}
var store = configuration["Sessions:Store"] ?? "Sqlite";

if (store.Equals("Sqlite", StringComparison.OrdinalIgnoreCase))
{
    // One file for everything AuthKit keeps, with either kind: database sessions, the stateless revocation list and
    // throttling, so a restart forgets no logout and no throttled account.
    authKit.UseSqlite(configuration.GetConnectionString("Sessions") ?? $"Data Source={Path.Combine(contentRoot, "sessions.db")}");
}
else if (store.Equals("Redis", StringComparison.OrdinalIgnoreCase))
{
    // Redis serves several instances at once: database sessions, the stateless revocation list and throttling.
    authKit.UseRedis(configuration.GetConnectionString("Sessions")
        ?? throw new InvalidOperationException("Sessions:Store is Redis: set ConnectionStrings:Sessions to the Redis configuration, e.g. 127.0.0.1:6379."));
}
else if (store.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
{
    // PostgreSQL through EF Core (AuthKit.EntityFrameworkCore): the same state in the sample's own DbContext.
    var postgres = configuration.GetConnectionString("Sessions")
        ?? throw new InvalidOperationException("Sessions:Store is Postgres: set ConnectionStrings:Sessions to a PostgreSQL connection string, e.g. Host=127.0.0.1;Username=postgres;Database=authkit_sample.");
    builder.Services.AddDbContextFactory<AuthKit.Sample.Data.SampleDbContext>(o => o.UseNpgsql(postgres));
    authKit.UseEntityFrameworkCore<AuthKit.Sample.Data.SampleDbContext>();
}
else
{
    throw new InvalidOperationException($"Sessions:Store is \"{store}\"; use \"Sqlite\", \"Redis\" or \"Postgres\".");
}

var app = builder.Build();
if (store.Equals("Postgres", StringComparison.OrdinalIgnoreCase))
{
    // The app's migrations (Data/Migrations) carry AuthKit's tables; apply them before serving.
    await using var db = await app.Services.GetRequiredService<IDbContextFactory<AuthKit.Sample.Data.SampleDbContext>>().CreateDbContextAsync();
    await db.Database.MigrateAsync();
}


// Behind the Next.js sample's proxy every request comes from the Next.js server: the browser's address is in
// X-Forwarded-For, which throttling and rate limiting need. Trusted from loopback only (the options' default known
// networks); a Next.js server on another machine must be listed in KnownProxies.
if (configuration.GetSection("AuthKit:NextJs").Exists())
{
    app.UseForwardedHeaders(new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto });
}

// Errors: problem details for APIs; a small page for 403/404 on pages (the route policies answer 403 bare).
app.UseExceptionHandler();
app.UseStatusCodePages(StatusPages.WriteAsync);

// AuthKit before static files: the route policies see every request, static ones included (the sample's own assets
// are declared Ignore above; any other file would be protected by the fail-closed default).
app.UseAuthKit();
app.UseStaticFiles();
app.MapAuthKitEndpoints("/api/auth");
app.MapOpenApi();

// The pages (not part of the API's description).
var pages = new PageFiles(app.Environment);
var site = app.MapGroup("").ExcludeFromDescription();
site.MapGet("/", () => pages.Serve("home"));
site.MapGet("/login", () => pages.Serve("login"));
site.MapGet("/signup", () => pages.Serve("signup"));
site.MapGet("/dashboard", () => pages.Serve("dashboard"));
site.MapGet("/admin", () => pages.Serve("admin"));
site.MapGet("/forgot-password", () => pages.Serve("forgot-password"));
site.MapGet("/reset-password", () => pages.Serve("reset-password"));
site.MapGet("/verify-email", () => pages.Serve("verify-email"));
site.MapGet("/security", () => pages.Serve("security"));
site.MapGet("/login/second-factor", () => pages.Serve("second-factor"));
if (mailbox)
{
    site.MapGet("/dev/mailbox", (DevMailbox box, CancellationToken ct) => box.PageAsync(ct));
}

site.MapGet("/health", () => Results.Text("ok"));

// What a viewer may see of a user: email only to its owner and to admins.
var users = DtoMapper.Create<AppUser, UserDto>((user, viewer) => new UserDto(
    user.Id,
    Viewer.Reveal(user.Email, viewer.OwnsOrIsInRole(user.Id, "admin")),
    user.IsAdmin ? "admin" : "member",
    user.CreatedAt));

app.MapGet("/api/profile", async (IAuthGuard guard) =>
    TypedResults.Ok(users.Map((AppUser)await guard.GetUserAsync(), await guard.GetViewerAsync())))
    .WithSummary("The signed-in user's profile.")
    .RequireSession();

app.MapGet("/api/admin/users", async (IAuthGuard guard, SqliteUserStore store, CancellationToken ct) =>
    TypedResults.Ok(users.MapAll(await store.ListAsync(ct), await guard.GetViewerAsync(ct))))
    .WithSummary("Every user (admins only).")
    .RequireRole("admin");

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var url in app.Urls)
    {
        app.Logger.LogInformation("AuthKit sample: open {Url} ({Mode} sessions, state in {Store}).", url, mode, store);
    }

    if (mailbox)
    {
        app.Logger.LogInformation("No SMTP server configured: mail the sample sends is listed at {Origin}/dev/mailbox.", configuration["AuthKit:PublicOrigin"]);
    }
});

app.Run();

// The first URL Kestrel is told to listen on (launch profile, ASPNETCORE_URLS or --urls), as a browser reaches it.
static string DevelopmentOrigin(string? urls)
{
    var first = urls?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:5000";
    var uri = new Uri(first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
        .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal)
        // Passkeys are bound to a domain name, never an IP address: loopback is reached as localhost.
        .Replace("://127.0.0.1", "://localhost", StringComparison.Ordinal).Replace("://[::1]", "://localhost", StringComparison.Ordinal));
    return uri.GetLeftPart(UriPartial.Authority);
}

/// <summary>The entry point, visible to the browser tests.</summary>
public partial class Program;
