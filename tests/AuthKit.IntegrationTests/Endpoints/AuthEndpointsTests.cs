using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AuthKit.Events;
using AuthKit.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.IntegrationTests.Endpoints;

/// <summary>Each endpoint of MapAuthKitEndpoints, success and failure, for both session kinds.</summary>
public abstract class AuthEndpointsTests : AppTestBase
{
    private const string Password = "correct horse battery staple";

    protected abstract string SessionMode { get; }

    protected override AuthKitAppFactory CreateApp() => new AuthKitAppFactory(SessionMode, services: s => s.AddSingleton<IAuthKitEventHandler>(Events));

    protected CapturingEventHandler Events { get; } = new();

    private async Task<SessionClient> SignedUpAsync(string email)
    {
        var client = Client();
        (await client.PostAsync("/api/auth/signup", new { email, password = Password })).StatusCode.Should().Be(HttpStatusCode.Created);
        return client;
    }

    [Fact]
    public async Task SignUp_Creates201WithSessionCookieAndNoStore()
    {
        var client = Client();

        var response = await client.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = Password });

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        client.Cookie.Should().NotBeNull();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("userId").GetString().Should().Be("u1");
        Events.Types.Should().Contain(AuthKitEventType.SignedUp);
    }

    [Fact]
    public async Task SignUp_WeakPassword_Gets400WithReasonCode()
    {
        var response = await Client().PostAsync("/api/auth/signup", new { email = "ann@example.com", password = "password" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("code").GetString().Should().Be("password_common");
        problem.GetProperty("detail").GetString().Should().Contain("common");

        // Field-keyed, as HttpValidationProblemDetails: the sentence under errors.password, its code under codes.password.
        problem.GetProperty("errors").GetProperty("password").EnumerateArray().Single().GetString().Should().Contain("common");
        problem.GetProperty("codes").GetProperty("password").EnumerateArray().Single().GetString().Should().Be("password_common");
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("password");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
    }

    [Fact]
    public async Task SignUp_InvalidEmailAndShortPassword_ReportsBoth()
    {
        var response = await Client().PostAsync("/api/auth/signup", new { email = "nope", password = "short" });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("codes").GetProperty("email").EnumerateArray().Select(e => e.GetString()).Should().Equal("email_invalid");
        problem.GetProperty("codes").GetProperty("password").EnumerateArray().Select(e => e.GetString()).Should().Equal("password_too_short");
        problem.GetProperty("errors").GetProperty("email").GetArrayLength().Should().Be(1);
        problem.GetProperty("errors").GetProperty("password").GetArrayLength().Should().Be(1);
        problem.GetProperty("code").GetString().Should().Be("email_invalid");
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"email\": 5}")]
    [InlineData("null")]
    public async Task MalformedJson_Gets400ProblemDetails_NotA500(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/login") { Content = content };
        request.Headers.Add("Origin", "https://localhost");

        var response = await Client().Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await response.Content.ReadAsStringAsync()).Should().NotContain("   at ");
    }

    [Fact]
    public async Task Login_Succeeds_With200SessionAndNoStore()
    {
        await SignedUpAsync("ann@example.com");
        var client = Client();

        var response = await client.PostAsync("/api/auth/login", new { email = "ANN@example.com ", password = Password });

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        client.Cookie.Should().NotBeNull();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("userId").GetString().Should().Be("u1");
        body.GetProperty("kind").GetString().Should().Be(SessionMode);
        body.GetProperty("expiresAt").GetDateTimeOffset().Should().BeAfter(App.Time.GetUtcNow());
    }

    [Fact]
    public async Task Login_UnknownEmailAndWrongPassword_GetIdenticalAnswers()
    {
        await SignedUpAsync("ann@example.com");

        var wrong = await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = "not the password" });
        var unknown = await Client().PostAsync("/api/auth/login", new { email = "nobody@example.com", password = "not the password" });

        wrong.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unknown.StatusCode.Should().Be(wrong.StatusCode);
        (await unknown.Content.ReadAsStringAsync()).Should().Be(await wrong.Content.ReadAsStringAsync()).And.Be("{\"error\":\"Invalid credentials.\"}");
        Headers(unknown).Should().BeEquivalentTo(Headers(wrong));
    }

    [Fact]
    public async Task Login_RepeatedFailures_Get429WithRetryAfter()
    {
        await SignedUpAsync("ann@example.com");
        var client = Client();
        for (var i = 0; i < 6; i++)
        {
            await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "guess " + i });
        }

        var response = await client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = Password });

        response.StatusCode.Should().Be((HttpStatusCode)429);
        response.Headers.RetryAfter!.Delta.Should().BeGreaterThan(TimeSpan.Zero);
        Events.Types.Should().Contain(AuthKitEventType.SignInThrottled);
    }

    [Fact]
    public async Task Logout_Gets204_DeletesTheCookie_AndTheCapturedCookieIsDead()
    {
        var client = await SignedUpAsync("ann@example.com");
        var captured = client.Cookie;

        var response = await client.PostAsync("/api/auth/logout");

        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        client.Cookie.Should().BeNull();
        var thief = Client();
        thief.Cookie = captured;
        (await thief.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        Events.Types.Should().Contain(AuthKitEventType.SignedOut);
    }

    [Fact]
    public async Task Session_Returns200WithUserRolesExpiry_Or401()
    {
        var admin = await SignedUpAsync("admin@example.com");

        var response = await admin.GetAsync("/api/auth/session");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.Should().BeTrue();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("userId").GetString().Should().Be("u1");
        body.GetProperty("roles")[0].GetString().Should().Be("admin");
        (await Client().GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task PasswordChange_NeedsTheCurrentPassword_AndEndsOtherSessions()
    {
        var laptop = await SignedUpAsync("ann@example.com");
        var phone = Client();
        await phone.PostAsync("/api/auth/login", new { email = "ann@example.com", password = Password });

        var wrong = await laptop.PostAsync("/api/auth/password", new { currentPassword = "not it", newPassword = "a brand new passphrase" });
        wrong.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var wrongProblem = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        wrongProblem.GetProperty("codes").GetProperty("currentPassword").EnumerateArray().Single().GetString().Should().Be("password_incorrect");

        var changed = await laptop.PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" });

        changed.StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await laptop.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.OK, "this session stays");
        (await phone.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "other sessions end");
        (await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = Password })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = "a brand new passphrase" })).StatusCode.Should().Be(HttpStatusCode.OK);
        Events.Types.Should().Contain(AuthKitEventType.PasswordChanged);
    }

    [Fact]
    public async Task PasswordChange_GivesTheSessionANewToken_AndTheStolenCopyOfTheOldOneDies()
    {
        var laptop = await SignedUpAsync("ann@example.com");
        var stolen = laptop.Cookie;
        var sessionIdBefore = (await (await laptop.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();

        (await laptop.PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" })).StatusCode.Should().Be(HttpStatusCode.NoContent);

        laptop.Cookie.Should().NotBe(stolen, "the answer carries a new cookie");
        (await laptop.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.OK, "the user's own session goes on");
        var thief = Client();
        thief.Cookie = stolen;
        (await thief.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a copy of the cookie taken before the change is dead");
        if (SessionMode == "Database")
        {
            var sessionIdAfter = (await (await laptop.GetAsync("/api/me")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sessionId").GetString();
            sessionIdAfter.Should().NotBe(sessionIdBefore, "a new token, not the old one kept");
        }
    }

    [Fact]
    public async Task PasswordChange_WeakNewPassword_Gets400_Anonymous401()
    {
        var client = await SignedUpAsync("ann@example.com");

        var weak = await client.PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = "1234567" });

        weak.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var weakProblem = await weak.Content.ReadFromJsonAsync<JsonElement>();
        weakProblem.GetProperty("codes").GetProperty("newPassword").EnumerateArray().Single().GetString().Should().Be("password_too_short");
        (await Client().PostAsync("/api/auth/password", new { currentPassword = Password, newPassword = "a brand new passphrase" })).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task FullFlow_NoResponseBodyOrLogLineContainsThePasswordTokenOrCookie()
    {
        var bodies = new List<string>();
        var client = Client();
        async Task Record(Task<HttpResponseMessage> call) => bodies.Add(await (await call).Content.ReadAsStringAsync());

        await Record(client.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = Password }));
        var signUpCookie = client.Cookie!;
        await Record(client.PostAsync("/api/auth/logout"));
        await Record(client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "wrong " + Password }));
        await Record(client.PostAsync("/api/auth/login", new { email = "ann@example.com", password = Password }));
        var cookie = client.Cookie!;
        await Record(client.GetAsync("/api/auth/session"));
        await Record(client.GetAsync("/api/profile"));
        await Record(client.PostAsync("/api/auth/logout"));

        var secrets = new[] { Password, signUpCookie, cookie, signUpCookie[..24], cookie[..24] };
        foreach (var secret in secrets)
        {
            bodies.Should().NotContain(b => b.Contains(secret, StringComparison.Ordinal));
            App.Logs.Lines.Should().NotContain(l => l.Message.Contains(secret, StringComparison.Ordinal) || (l.Exception != null && l.Exception.ToString().Contains(secret, StringComparison.Ordinal)));
        }

        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4000 + (int)AuthKitEventType.SignInSucceeded);
        App.Logs.Lines.Should().Contain(l => l.EventId.Id == 4000 + (int)AuthKitEventType.SignInFailed);
    }

    [Fact]
    public async Task Meter_CountsEventsByTypeWithoutUserIdentifiers()
    {
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        var measurements = new List<(long Value, KeyValuePair<string, object?>[] Tags)>();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // The events counter only: the listener hears every app in the process, and other tests' apps send mail
            // (the mail counter's tags are its outcome and kind of work, no identifiers either).
            if (instrument.Meter.Name == AuthKitDefaults.MeterName && instrument.Name == "authkit.events")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((value, tags.ToArray()));
            }
        });
        listener.Start();

        await SignedUpAsync("ann@example.com");
        await Client().PostAsync("/api/auth/login", new { email = "ann@example.com", password = "wrong" });

        lock (measurements)
        {
            measurements.Should().Contain(m => m.Tags.Any(t => t.Key == "type" && (string?)t.Value == "SignInFailed"));
            measurements.SelectMany(m => m.Tags).Select(t => t.Key).Should().OnlyContain(k => k == "type");
        }
    }

    private static Dictionary<string, string> Headers(HttpResponseMessage response)
        => response.Headers.Concat(response.Content.Headers)
            .Where(h => h.Key != "Date")
            .ToDictionary(h => h.Key, h => string.Join(",", h.Value));
}

public sealed class StatelessAuthEndpointsTests : AuthEndpointsTests
{
    protected override string SessionMode => "Stateless";

    [Fact]
    public async Task Sessions_List_IsNotAvailable_WithAClearProblem()
    {
        var client = Client();
        await client.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = "correct horse battery staple" });

        var response = await client.GetAsync("/api/auth/sessions");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).Should().Contain("database sessions");
    }
}

public sealed class DatabaseAuthEndpointsTests : AuthEndpointsTests
{
    protected override string SessionMode => "Database";

    [Fact]
    public async Task Sessions_ListMarksTheCurrentOne_AndDeleteRevokesAnother()
    {
        var laptop = Client();
        await laptop.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = "correct horse battery staple" });
        var phone = Client();
        await phone.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" });

        var list = await (await laptop.GetAsync("/api/auth/sessions")).Content.ReadFromJsonAsync<JsonElement>();
        list.GetArrayLength().Should().Be(2);
        var other = list.EnumerateArray().Single(s => !s.GetProperty("current").GetBoolean()).GetProperty("id").GetString();

        (await laptop.SendAsync(HttpMethod.Delete, $"/api/auth/sessions/{other}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await phone.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await laptop.SendAsync(HttpMethod.Delete, $"/api/auth/sessions/{other}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Sessions_RevokeOthers_EndsEveryOtherDevice()
    {
        var laptop = Client();
        await laptop.PostAsync("/api/auth/signup", new { email = "ann@example.com", password = "correct horse battery staple" });
        var phone = Client();
        await phone.PostAsync("/api/auth/login", new { email = "ann@example.com", password = "correct horse battery staple" });

        (await laptop.PostAsync("/api/auth/sessions/revoke-others")).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await phone.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await laptop.GetAsync("/api/auth/session")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}

public sealed class CapturingEventHandler : IAuthKitEventHandler
{
    private readonly List<AuthKitEvent> _events = [];

    public IReadOnlyList<AuthKitEventType> Types
    {
        get
        {
            lock (_events)
            {
                return _events.Select(e => e.Type).ToList();
            }
        }
    }

    public Task HandleAsync(AuthKitEvent authEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            _events.Add(authEvent);
        }

        return Task.CompletedTask;
    }
}
