using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using AuthKit.Authentication;
using AuthKit.Credentials;
using AuthKit.Sessions;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace AuthKit.Benchmarks;

/// <summary>
/// The per-request cost of turning a cookie into a principal: AuthKit (stateless; database on in-memory and
/// SQLite stores) against ASP.NET Core's cookie ticket format (DataProtection) and the physical floor (one cached
/// AesGcm open of the same payload as JSON + the same ClaimsPrincipal). All in one run, so ratios compare.
/// </summary>
[MemoryDiagnoser]
public class AuthenticatePathBenchmarks
{
    private readonly BenchUser _user = new("user-0042", ["admin", "editor"]);
    private AuthKitHost _stateless = null!;
    private AuthKitHost _databaseMemory = null!;
    private AuthKitHost _databaseSqlite = null!;
    private string _directory = null!;
    private TicketDataFormat _ticketFormat = null!;
    private string _protectedTicket = null!;
    private AuthenticationTicket _ticket = null!;
    private AesGcm _floorAes = null!;
    private string _floorToken = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Directory.CreateTempSubdirectory("authkit-bench-").FullName;
        _stateless = await AuthKitHost.CreateAsync(SessionKind.Stateless, null, _user);
        _databaseMemory = await AuthKitHost.CreateAsync(SessionKind.Database, null, _user);
        _databaseSqlite = await AuthKitHost.CreateAsync(SessionKind.Database, $"Data Source={Path.Combine(_directory, "bench.db")}", _user);

        // ASP.NET Core's cookie authentication format: DataProtection over a serialized ticket of 4 claims.
        var protector = new EphemeralDataProtectionProvider().CreateProtector("Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationMiddleware", "Cookies", "v2");
        _ticketFormat = new TicketDataFormat(protector);
        var session = _stateless.Session;
        _ticket = new AuthenticationTicket(AuthKitAuthenticationHandler.CreatePrincipal(session.UserId, session.Id, session.Roles, "Cookies"), "Cookies");
        _protectedTicket = _ticketFormat.Protect(_ticket);

        // The floor: the same session as JSON, sealed once with AES-256-GCM; opening reuses one AesGcm.
        _floorAes = new AesGcm(RandomNumberGenerator.GetBytes(32), 16);
        var json = JsonSerializer.SerializeToUtf8Bytes(FloorPayload.From(_stateless.Session), FloorJson.Default.FloorPayload);
        var sealedBytes = new byte[12 + json.Length + 16];
        RandomNumberGenerator.Fill(sealedBytes.AsSpan(0, 12));
        _floorAes.Encrypt(sealedBytes.AsSpan(0, 12), json, sealedBytes.AsSpan(12, json.Length), sealedBytes.AsSpan(12 + json.Length));
        _floorToken = Base64Url.EncodeToString(sealedBytes);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _stateless.Dispose();
        _databaseMemory.Dispose();
        _databaseSqlite.Dispose();
        _floorAes.Dispose();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Description = "HttpContext + cookie read (subtracted from allocations)")]
    public string? HttpContextOnly()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers.Cookie = _stateless.CookieHeader;
        return context.Request.Cookies[_stateless.CookieName];
    }

    [Benchmark(Baseline = true, Description = "ASP.NET cookie ticket unprotect (DataProtection)")]
    public ClaimsPrincipal? DataProtectionUnprotect() => _ticketFormat.Unprotect(_protectedTicket)?.Principal;

    [Benchmark(Description = "ASP.NET cookie ticket protect (DataProtection)")]
    public string DataProtectionProtect() => _ticketFormat.Protect(_ticket);

    [Benchmark(Description = "Floor: AesGcm open + JSON + principal")]
    public ClaimsPrincipal FloorAesGcmJson()
    {
        Span<byte> sealedBytes = stackalloc byte[512];
        var length = Base64Url.DecodeFromChars(_floorToken, sealedBytes);
        Span<byte> json = stackalloc byte[length - 28];
        _floorAes.Decrypt(sealedBytes[..12], sealedBytes.Slice(12, length - 28), sealedBytes.Slice(length - 16, 16), json);
        var payload = JsonSerializer.Deserialize(json, FloorJson.Default.FloorPayload)!;
        var claims = new List<Claim>(2 + payload.Roles.Length)
        {
            new(AuthKitClaimTypes.UserId, payload.UserId),
            new(AuthKitClaimTypes.SessionId, payload.SessionId),
        };
        foreach (var role in payload.Roles)
        {
            claims.Add(new Claim(AuthKitClaimTypes.Role, role));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, "AuthKit", AuthKitClaimTypes.UserId, AuthKitClaimTypes.Role));
    }

    [Benchmark(Description = "AuthKit stateless: seal")]
    public string StatelessSeal() => _stateless.Seal();

    [Benchmark(Description = "AuthKit stateless: open")]
    public AuthSession? StatelessOpen() => _stateless.ReadCookie();

    [Benchmark(Description = "AuthKit stateless: authenticate (cookie -> principal)")]
    public ValueTask<ClaimsPrincipal?> StatelessAuthenticate() => _stateless.AuthenticateAsync();

    [Benchmark(Description = "AuthKit database, in-memory store: authenticate")]
    public ValueTask<ClaimsPrincipal?> DatabaseInMemoryAuthenticate() => _databaseMemory.AuthenticateAsync();

    [Benchmark(Description = "AuthKit database, SQLite store: authenticate")]
    public ValueTask<ClaimsPrincipal?> DatabaseSqliteAuthenticate() => _databaseSqlite.AuthenticateAsync();

    [Benchmark(Description = "AuthKit: reject a request without cookie")]
    public ValueTask<ClaimsPrincipal?> AnonymousReject() => _stateless.AuthenticateAsync(withCookie: false);
}

/// <summary>A user for the benchmarks; nothing here is hashed.</summary>
public sealed record BenchUser(string Id, IReadOnlyCollection<string> Roles) : IAuthKitUser
{
    public string Email => "bench@example.com";

    public string PasswordHash => "unused";
}
