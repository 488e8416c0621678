using System.Collections.Concurrent;
using System.Diagnostics;
using AuthKit.Credentials;
using AuthKit.Sessions;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Diagnostics;

/// <summary>
/// The <c>AuthKit</c> activity source. Each test runs under its own parent activity and keeps only the activities of
/// that trace, so tests running in parallel do not see each other's.
/// </summary>
public sealed class ActivityTests : IDisposable
{
    private const string Email = "trace-person@example.com";
    private const string Password = "correct horse battery staple";
    private const string UserId = "user-5b1d0c";

    private static readonly ActivitySource TestSource = new("AuthKit.Tests.Activities");

    private readonly ConcurrentQueue<Activity> _stopped = new();
    private readonly ActivityListener _listener;
    private readonly Activity _parent;

    public ActivityTests()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is AuthKitDefaults.MeterName or "AuthKit.Tests.Activities",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
        _parent = TestSource.StartActivity("test")!;
    }

    public void Dispose()
    {
        _parent.Dispose();
        _listener.Dispose();
    }

    [Fact]
    public async Task SignIn_IsTracedWithItsResult()
    {
        using var services = new AuthKitServices();
        services.AddUser(Email, Password);

        await services.Verifier.VerifyAsync(Email, Password, "10.1.2.3", default);
        await services.Verifier.VerifyAsync(Email, Password + "!", "10.1.2.3", default);

        var signIns = Mine().Where(a => a.OperationName == "authkit.sign_in").ToList();
        signIns.Select(a => a.GetTagItem("authkit.sign_in.result")).Should().Equal(
            nameof(CredentialStatus.Succeeded), nameof(CredentialStatus.InvalidCredentials));
        signIns.Should().OnlyContain(a => a.Source.Name == "AuthKit");
    }

    [Fact]
    public async Task SignIn_TagsCarryNoEmailUserIdOrAddress()
    {
        using var services = new AuthKitServices();
        var user = services.AddUser(Email, Password);

        await services.Verifier.VerifyAsync(Email, Password, "10.1.2.3", default);

        var values = TagValues(Mine().Where(a => a.OperationName == "authkit.sign_in"));
        values.Should().NotBeEmpty();
        values.Should().NotContain(v => v.Contains(Email, StringComparison.OrdinalIgnoreCase)
            || v == user.Id || v.Contains("10.1.2.3", StringComparison.Ordinal) || v.Contains(Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task SessionStoreCalls_AreTracedByOperationAndKind_WithoutUserIdsOrTokens()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthKit(o => o.Keys.Add(new AuthKitKeyOptions { Id = "k1", Secret = Convert.ToBase64String(new byte[32]) }))
            .AddDatabaseSessions();
        services.AddScoped<IUserStore, TestUserStore>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var manager = scope.ServiceProvider.GetRequiredService<ISessionManager>();
        var user = new TestUser { Id = UserId, Email = Email, PasswordHash = "x" };

        var signIn = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        await manager.CreateAsync(signIn, user);
        var cookie = signIn.Response.Headers.SetCookie.ToString().Split(';')[0];
        var next = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        next.Request.Headers.Cookie = cookie;
        (await manager.GetAsync(next)).Should().NotBeNull();

        var calls = Mine().Where(a => a.OperationName == "authkit.session_store").ToList();
        calls.Select(a => a.GetTagItem("authkit.session.operation")).Should().Equal("create", "validate");
        calls.Should().OnlyContain(a => (string?)a.GetTagItem("authkit.session.kind") == "Database");
        var token = cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..];
        TagValues(calls).Should().NotContain(v => v.Contains(UserId, StringComparison.Ordinal) || v.Contains(token, StringComparison.Ordinal));
    }

    private List<Activity> Mine() => _stopped.Where(a => a.TraceId == _parent.TraceId && a != _parent).ToList();

    private static List<string> TagValues(IEnumerable<Activity> activities)
        => activities.SelectMany(a => a.TagObjects).Select(t => Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty).ToList();
}
