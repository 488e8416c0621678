using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Credentials.Throttling;

public sealed class ThrottlingTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly AuthKitServices _services = new(o =>
    {
        o.Throttling.AccountFreeFailures = 3;
        o.Throttling.ClientFreeFailures = 5;
        o.Throttling.BaseDelay = TimeSpan.FromSeconds(2);
        o.Throttling.MaxDelay = TimeSpan.FromSeconds(30);
    });

    public ThrottlingTests()
    {
        _services.AddUser("ann@example.com", Password);
    }

    public void Dispose() => _services.Dispose();

    private Task<CredentialResult> Attempt(string email, string password, string? client = "203.0.113.7")
        => _services.Verifier.VerifyAsync(email, password, client, default);

    [Fact]
    public async Task FreeFailures_DoNotThrottle()
    {
        for (var i = 0; i < 3; i++)
        {
            (await Attempt("ann@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Succeeded);
    }

    [Fact]
    public async Task FailuresPastTheFreeCount_ThrottleWithRetryAfter()
    {
        for (var i = 0; i < 4; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        var result = await Attempt("ann@example.com", Password);

        result.Status.Should().Be(CredentialStatus.Throttled);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        result.User.Should().BeNull("a throttled attempt does not check the password");
    }

    [Fact]
    public async Task BackOff_DoublesWithEachFurtherFailure_UpToTheMaximum()
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 3; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        for (var i = 0; i < 6; i++)
        {
            (await Attempt("ann@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
            var throttled = await Attempt("ann@example.com", "wrong");
            throttled.Status.Should().Be(CredentialStatus.Throttled);
            waits.Add(throttled.RetryAfter!.Value);
            _services.Time.Advance(throttled.RetryAfter.Value);
        }

        waits.Select(w => w.TotalSeconds).Should().Equal(2, 4, 8, 16, 30, 30);
    }

    [Fact]
    public async Task Throttled_AllowsTheAttemptOnceTheDelayHasPassed()
    {
        for (var i = 0; i < 4; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        _services.Time.Advance(TimeSpan.FromSeconds(1.9));
        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Throttled);
        _services.Time.Advance(TimeSpan.FromSeconds(0.1));
        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Succeeded);
    }

    [Fact]
    public async Task Success_ResetsTheAccountCounter()
    {
        for (var i = 0; i < 3; i++)
        {
            await Attempt("ann@example.com", "wrong", client: null);
        }

        (await Attempt("ann@example.com", Password, client: null)).Succeeded.Should().BeTrue();
        for (var i = 0; i < 3; i++)
        {
            (await Attempt("ann@example.com", "wrong", client: null)).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password, client: null)).Succeeded.Should().BeTrue("the counter started again at zero");
    }

    [Fact]
    public async Task UnknownEmail_IsThrottledExactlyLikeAKnownOne()
    {
        for (var i = 0; i < 4; i++)
        {
            (await Attempt("nobody@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("nobody@example.com", "wrong")).Should().BeEquivalentTo(new { Status = CredentialStatus.Throttled, RetryAfter = TimeSpan.FromSeconds(2) });
    }

    [Fact]
    public async Task ClientFailuresAcrossAccounts_ThrottleThatClient()
    {
        for (var i = 0; i < 6; i++)
        {
            (await Attempt($"user{i}@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Throttled);
        (await Attempt("ann@example.com", Password, client: "198.51.100.2")).Status.Should().Be(CredentialStatus.Succeeded, "another client is not affected");
    }

    [Fact]
    public async Task Success_DoesNotResetTheClientCounter()
    {
        for (var i = 0; i < 5; i++)
        {
            await Attempt($"user{i}@example.com", "wrong");
        }

        (await Attempt("ann@example.com", Password)).Succeeded.Should().BeTrue();
        await Attempt("user9@example.com", "wrong");

        (await Attempt("user10@example.com", "wrong")).Status.Should().Be(CredentialStatus.Throttled);
    }

    [Fact]
    public async Task Counters_AreForgottenAfterTheFailureWindow()
    {
        for (var i = 0; i < 4; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        _services.Time.Advance(_services.Options.Throttling.FailureWindow);
        await Attempt("ann@example.com", "wrong");

        (await Attempt("ann@example.com", Password)).Succeeded.Should().BeTrue("one failure after the window is a fresh count");
    }

    [Fact]
    public async Task Disabled_NeverThrottles()
    {
        using var services = new AuthKitServices(o => o.Throttling.Enabled = false);
        services.AddUser("ann@example.com", Password);
        for (var i = 0; i < 50; i++)
        {
            await services.Verifier.VerifyAsync("ann@example.com", "wrong", "203.0.113.7", default);
        }

        (await services.Verifier.VerifyAsync("ann@example.com", Password, "203.0.113.7", default)).Succeeded.Should().BeTrue();
    }

    [Fact]
    public async Task Store_HoldsNoEmailAddressesOrClientAddresses()
    {
        await Attempt("ann@example.com", "wrong");
        var store = _services.Services.GetRequiredService<IThrottleStore>();

        (await store.GetAsync(LoginThrottler.AccountKey("ann@example.com"), default)).Failures.Should().Be(1);
        LoginThrottler.AccountKey("ann@example.com").Should().NotContain("ann").And.StartWith("acct:");
        LoginThrottler.ClientKey("203.0.113.7").Should().NotContain("203").And.StartWith("client:");
    }

    [Fact]
    public async Task InMemoryStore_DropsExpiredCounters()
    {
        var store = new InMemoryThrottleStore(_services.Time);
        var now = _services.Time.GetUtcNow();
        await store.RecordFailureAsync("k", now, TimeSpan.FromMinutes(1), default);
        await store.RecordFailureAsync("k", now, TimeSpan.FromMinutes(1), default);

        (await store.GetAsync("k", default)).Should().Be(new ThrottleCounter(2, now));
        _services.Time.Advance(TimeSpan.FromMinutes(1));
        (await store.GetAsync("k", default)).Should().Be(ThrottleCounter.None);
        store.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(3, 0)]
    [InlineData(4, 2)]
    [InlineData(5, 4)]
    [InlineData(8, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Delay_IsExponentialAndCapped(int failures, int expectedSeconds)
    {
        LoginThrottler.Delay(failures, 3, _services.Options.Throttling).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }
}
