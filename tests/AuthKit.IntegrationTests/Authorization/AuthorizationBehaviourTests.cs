using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.IntegrationTests.Infrastructure;
using AuthKit.TestApp;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Authorization;

/// <summary>Route policies, the guard, DTO rules, CSRF and redirects, for both session kinds.</summary>
public abstract class AuthorizationBehaviourTests : AppTestBase
{
    protected abstract string SessionMode { get; }

    protected override AuthKitAppFactory CreateApp() => new AuthKitAppFactory(SessionMode);

    protected async Task<SessionClient> SignedInAsync(string email)
    {
        var client = Client();
        (await client.PostAsync("/api/auth/signup", new { email, password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.Created);
        return client;
    }

    // Route policies (optimistic) --------------------------------------------------------------

    [Fact]
    public async Task ProtectedPage_Anonymous_RedirectsToLoginWithLocalReturnUrl()
    {
        var response = await Client().GetAsync("/dashboard?tab=2");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/login?returnUrl=%2Fdashboard%3Ftab%3D2");
    }

    [Fact]
    public async Task PublicOnlyPage_SignedIn_RedirectsToLanding()
    {
        var client = await SignedInAsync("ann@example.com");

        var response = await client.GetAsync("/login");

        response.StatusCode.Should().Be(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.Should().Be("/dashboard");
        (await Client().GetAsync("/login")).StatusCode.Should().Be(HttpStatusCode.OK, "anonymous users see the login page");
    }

    [Fact]
    public async Task RolePage_NonAdminGets403_AdminGets200_AnonymousIsRedirected()
    {
        var user = await SignedInAsync("ann@example.com");
        var admin = await SignedInAsync("admin@example.com");

        (await user.GetAsync("/admin")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await admin.GetAsync("/admin")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await Client().GetAsync("/admin")).StatusCode.Should().Be(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task ProtectedApi_Anonymous_Gets401ProblemDetails_NeverARedirect()
    {
        var response = await Client().GetAsync("/api/me");

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetInt32().Should().Be(401);
    }

    [Fact]
    public async Task RoleApi_NonAdmin_Gets403ProblemDetails()
    {
        var user = await SignedInAsync("ann@example.com");

        var response = await user.GetAsync("/api/admin");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task ProtectedPage_AskedForJson_Gets401InsteadOfARedirect()
    {
        var response = await Client().SendAsync(HttpMethod.Get, "/dashboard", headers: new Dictionary<string, string> { ["Accept"] = "application/json" });

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ProtectedAndPublicOnlyPages_AreNeverCached()
    {
        var client = await SignedInAsync("ann@example.com");

        (await client.GetAsync("/dashboard")).Headers.CacheControl!.NoStore.Should().BeTrue("a cached dashboard would show after sign-out");
        (await Client().GetAsync("/login")).Headers.CacheControl!.NoStore.Should().BeTrue();
        (await Client().GetAsync("/health")).Headers.CacheControl.Should().BeNull("ignored routes are left alone");
    }

    [Fact]
    public async Task IgnoredRoute_IsNotTouched()
    {
        (await Client().GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task UndeclaredRoute_FollowsTheProtectedDefault()
    {
        var anonymous = await Client().GetAsync("/undeclared");
        anonymous.StatusCode.Should().Be(HttpStatusCode.Redirect, "routes nobody declared fail closed");

        var client = await SignedInAsync("ann@example.com");
        (await client.GetAsync("/undeclared")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    // Guard (secure) ----------------------------------------------------------------------------

    [Fact]
    public async Task GuardedApi_Anonymous401_SignedIn200WithDtoWithoutSecrets()
    {
        (await Client().GetAsync("/api/profile")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var client = await SignedInAsync("ann@example.com");

        var response = await client.GetAsync("/api/profile");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadAsStringAsync();
        body.Should().Contain("ann@example.com").And.Contain("+1-555-0100-u1");
        body.Should().NotContainAny("pbkdf2", "passwordHash", "PasswordHash");
    }

    [Fact]
    public async Task RequireRoleFilter_Anonymous401_User403_Admin200()
    {
        var user = await SignedInAsync("ann@example.com");
        var admin = await SignedInAsync("admin@example.com");

        (await Client().GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await user.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var list = await admin.GetAsync("/api/admin/users");
        list.StatusCode.Should().Be(HttpStatusCode.OK);
        (await list.Content.ReadFromJsonAsync<JsonElement>()).GetArrayLength().Should().Be(2);
    }

    [Fact]
    public async Task RequireSessionOnARouteGroup_AppliesToEveryEndpointInIt()
    {
        (await Client().GetAsync("/api/group/ping")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var client = await SignedInAsync("ann@example.com");

        (await client.GetAsync("/api/group/ping")).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Guard_CalledSeveralTimes_ReadsTheUserStoreOnce()
    {
        var client = await SignedInAsync("ann@example.com");
        var users = App.Services.GetRequiredService<InMemoryUserStore>();
        var before = users.FindByIdCalls;

        (await client.GetAsync("/api/group/guard-many")).StatusCode.Should().Be(HttpStatusCode.OK);

        (users.FindByIdCalls - before).Should().Be(1);
    }

    [Fact]
    public async Task RoleRemoved_SecureCheckRefusesAtOnce_WhileTheOptimisticCheckStillLetsThePageThrough()
    {
        var admin = await SignedInAsync("admin@example.com");
        (await admin.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.OK);

        App.Services.GetRequiredService<InMemoryUserStore>().SetRoles("u1");

        (await admin.GetAsync("/api/admin/users")).StatusCode.Should().Be(HttpStatusCode.Forbidden, "the guard reads current roles from the user store");
        (await admin.GetAsync("/admin")).StatusCode.Should().Be(HttpStatusCode.OK, "the cookie still states the old role: the documented staleness of optimistic checks");
    }

    [Fact]
    public async Task DtoFieldRule_PhoneVisibleToOwnerAndAdminOnly()
    {
        var ann = await SignedInAsync("ann@example.com");
        var bob = await SignedInAsync("bob@example.com");
        var admin = await SignedInAsync("admin@example.com");

        async Task<JsonElement> Phone(SessionClient client) => (await (await client.GetAsync("/api/users/u1")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("phone");

        (await Phone(ann)).GetString().Should().Be("+1-555-0100-u1", "the owner sees it");
        (await Phone(admin)).GetString().Should().Be("+1-555-0100-u1", "an admin sees it");
        (await Phone(bob)).ValueKind.Should().Be(JsonValueKind.Null, "another user does not");
        (await Phone(Client())).ValueKind.Should().Be(JsonValueKind.Null, "nor does an anonymous viewer");
    }

    // CSRF and redirects ----------------------------------------------------------------------

    [Fact]
    public async Task CrossSitePost_WithSessionCookie_IsRefusedAndChangesNothing()
    {
        var client = await SignedInAsync("ann@example.com");
        client.Origin = "https://evil.example";

        var response = await client.PostAsync("/api/auth/logout");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        client.Origin = "https://localhost";
        (await client.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.OK, "the session was not ended");
    }

    [Fact]
    public async Task UnsafeRequest_WithoutOriginOrFetchMetadata_IsRefused()
    {
        var client = await SignedInAsync("ann@example.com");
        client.Origin = null;

        (await client.PostAsync("/test/signout-others")).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsync("/test/signout-others", headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "cross-site" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await client.PostAsync("/test/signout-others", headers: new Dictionary<string, string> { ["Sec-Fetch-Site"] = "same-origin" })).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task CrossSiteLogin_IsRefused_SameSiteLoginWorks()
    {
        await SignedInAsync("ann@example.com");
        var client = Client();
        client.Origin = "https://evil.example";

        (await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.Forbidden);
        client.Cookie.Should().BeNull();

        client.Origin = "https://localhost";
        (await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LoginAndLogout_AreNeverGet()
    {
        (await Client().GetAsync("/api/auth/login")).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        (await Client().GetAsync("/api/auth/logout")).StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("https://evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("\\\\evil.example")]
    [InlineData("/%2F/evil.example")]
    [InlineData("/%5Cevil.example")]
    [InlineData("%2F%2Fevil.example")]
    [InlineData("/\t/evil.example")]
    [InlineData("javascript:alert(1)")]
    [InlineData("http:/evil.example")]
    public async Task Login_WithForeignReturnUrl_IgnoresIt(string returnUrl)
    {
        await SignedInAsync("ann@example.com");

        var response = await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple", returnUrl });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirectTo").GetString().Should().Be("/dashboard");
    }

    [Fact]
    public async Task Login_WithLocalReturnUrl_HonoursIt()
    {
        await SignedInAsync("ann@example.com");

        var response = await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple", returnUrl = "/dashboard/settings?tab=2" });

        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("redirectTo").GetString().Should().Be("/dashboard/settings?tab=2");
    }
}

public sealed class StatelessAuthorizationTests : AuthorizationBehaviourTests
{
    protected override string SessionMode => "Stateless";
}

public sealed class DatabaseAuthorizationTests : AuthorizationBehaviourTests
{
    protected override string SessionMode => "Database";
}
