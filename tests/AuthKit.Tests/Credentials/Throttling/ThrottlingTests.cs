using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace AuthKit.Tests.Credentials.Throttling;

public sealed class ThrottlingTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private readonly AuthKitServices _services = new(o =>
    {
        o.Throttling.AccountFreeFailures = 3;
        o.Throttling.ClientFreeFailures = 5;
        o.Throttling.AccountTotalFreeFailures = 10;
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
    public async Task FreeFailures_AreAnsweredNormally_ThenBackOffStarts()
    {
        for (var i = 0; i < 3; i++)
        {
            (await Attempt("ann@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        var result = await Attempt("ann@example.com", Password);

        result.Status.Should().Be(CredentialStatus.Throttled);
        result.RetryAfter.Should().Be(TimeSpan.FromSeconds(2));
        result.User.Should().BeNull("a throttled attempt does not check the password");
    }

    [Fact]
    public async Task FewerThanTheFreeFailures_ThenTheRightPassword_SignsIn()
    {
        for (var i = 0; i < 2; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Succeeded);
    }

    [Fact]
    public async Task BackOff_DoublesWithEachFurtherFailure_UpToTheMaximum()
    {
        var waits = new List<TimeSpan>();
        for (var i = 0; i < 2; i++)
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
        for (var i = 0; i < 3; i++)
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
        for (var i = 0; i < 2; i++)
        {
            await Attempt("ann@example.com", "wrong", client: null);
        }

        (await Attempt("ann@example.com", Password, client: null)).Succeeded.Should().BeTrue();
        for (var i = 0; i < 2; i++)
        {
            (await Attempt("ann@example.com", "wrong", client: null)).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password, client: null)).Succeeded.Should().BeTrue("the counter started again at zero");
    }

    [Fact]
    public async Task UnknownEmail_IsThrottledExactlyLikeAKnownOne()
    {
        for (var i = 0; i < 3; i++)
        {
            (await Attempt("nobody@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("nobody@example.com", "wrong")).Should().BeEquivalentTo(new { Status = CredentialStatus.Throttled, RetryAfter = TimeSpan.FromSeconds(2) });
    }

    [Fact]
    public async Task ClientFailuresAcrossAccounts_ThrottleThatClient()
    {
        for (var i = 0; i < 5; i++)
        {
            (await Attempt($"user{i}@example.com", "wrong")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password)).Status.Should().Be(CredentialStatus.Throttled);
        (await Attempt("ann@example.com", Password, client: "198.51.100.2")).Status.Should().Be(CredentialStatus.Succeeded, "another client is not affected");
    }

    [Fact]
    public async Task Success_DoesNotClearTheClientsFailures_OnlyGivesBackItsOwnCount()
    {
        for (var i = 0; i < 4; i++)
        {
            await Attempt($"user{i}@example.com", "wrong");
        }

        (await Attempt("ann@example.com", Password)).Succeeded.Should().BeTrue();
        await Attempt("user9@example.com", "wrong");

        (await Attempt("user10@example.com", "wrong")).Status.Should().Be(CredentialStatus.Throttled, "four failures, a success, one failure: five");
    }

    [Fact]
    public async Task ManyClientsGuessingOneAccount_SlowNewClients_ButNotOneThatSignedInRecently()
    {
        (await Attempt("ann@example.com", Password, "203.0.113.7")).Succeeded.Should().BeTrue();
        for (var i = 1; i <= 10; i++)
        {
            (await Attempt("ann@example.com", "wrong", $"198.51.100.{i}")).Status.Should().Be(CredentialStatus.InvalidCredentials);
        }

        (await Attempt("ann@example.com", Password, "192.0.2.1")).Status.Should().Be(CredentialStatus.Throttled, "ten failures from all clients: a new client backs off");
        (await Attempt("ann@example.com", Password, "203.0.113.7")).Status.Should().Be(CredentialStatus.Succeeded, "the owner's client is not held to the account-wide limit");
    }

    [Fact]
    public async Task Successes_DoNotAddUpOnTheAccountWideCounter()
    {
        for (var i = 0; i < 30; i++)
        {
            (await Attempt("ann@example.com", Password, $"198.51.100.{i}")).Succeeded.Should().BeTrue();
        }

        (await Attempt("ann@example.com", Password, "192.0.2.1")).Succeeded.Should().BeTrue("thirty sign-ins are not thirty failures");
    }

    [Fact]
    public async Task ARefusedAttempt_CountsNowhere()
    {
        for (var i = 0; i < 3; i++)
        {
            await Attempt("ann@example.com", "wrong");
        }

        for (var i = 0; i < 20; i++)
        {
            (await Attempt("ann@example.com", "wrong")).Status.Should().Be(CredentialStatus.Throttled);
        }

        var store = _services.Services.GetRequiredService<IThrottleStore>();
        (await store.GetAsync(LoginThrottler.AccountClientKey("ann@example.com", "203.0.113.7"), default)).Count.Should().Be(3);
        (await store.GetAsync(LoginThrottler.ClientKey("203.0.113.7"), default)).Count.Should().Be(3);
        (await store.GetAsync(LoginThrottler.AccountKey("ann@example.com"), default)).Count.Should().Be(3);
    }

    [Fact]
    public async Task Counters_AreForgottenAfterTheFailureWindow()
    {
        for (var i = 0; i < 3; i++)
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

        (await store.GetAsync(LoginThrottler.AccountKey("ann@example.com"), default)).Count.Should().Be(1);
        foreach (var key in new[]
        {
            LoginThrottler.AccountKey("ann@example.com"),
            LoginThrottler.AccountClientKey("ann@example.com", "203.0.113.7"),
            LoginThrottler.ClientKey("203.0.113.7"),
            LoginThrottler.KnownClientKey("ann@example.com", "203.0.113.7"),
        })
        {
            key.Should().NotContain("ann").And.NotContain("203").And.MatchRegex("^[a-z-]+:[0-9a-f]{64}$");
        }
    }

    [Fact]
    public async Task InMemoryStore_DropsExpiredCounters()
    {
        var store = new InMemoryThrottleStore(_services.Time);
        var now = _services.Time.GetUtcNow();
        await store.TryReplaceAsync("k", ThrottleCounter.None, new ThrottleCounter(2, now), now.AddMinutes(1), default);

        (await store.GetAsync("k", default)).Should().Be(new ThrottleCounter(2, now));
        _services.Time.Advance(TimeSpan.FromMinutes(1));
        (await store.GetAsync("k", default)).Should().Be(ThrottleCounter.None);
        store.Count.Should().Be(0);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(2, 0)]
    [InlineData(3, 2)]
    [InlineData(4, 4)]
    [InlineData(5, 8)]
    [InlineData(7, 30)]
    [InlineData(int.MaxValue, 30)]
    public void Delay_IsExponentialAndCapped(int count, int expectedSeconds)
    {
        LoginThrottler.Delay(count, 3, _services.Options.Throttling).Should().Be(TimeSpan.FromSeconds(expectedSeconds));
    }
}

/// <summary>Concurrent guesses against one account (hardening #5 and #6), with the in-memory store.</summary>
public sealed class ThrottlingRaceTests
{
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData("203.0.113.7")]
    [InlineData(null)]
    public async Task FortyConcurrentWrongPasswords_AtMostTheFreeFailuresReachTheHasher(string? client)
    {
        var hasher = new CountingHasher();
        using var services = new AuthKitServices(
            o =>
            {
                o.Throttling.AccountFreeFailures = 5;
                o.Hashing.QueueLimit = 64;
            },
            s => s.Replace(ServiceDescriptor.Singleton<IPasswordHasher>(hasher)));
        services.Users.Add("ann@example.com", hasher.HashPassword(Password));

        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => Task.Run(() => services.Verifier.VerifyAsync("ann@example.com", "wrong", client, default))));

        hasher.Verifications.Should().BeLessThanOrEqualTo(5, "every attempt is counted before its hash runs");
        results.Count(r => r.Status == CredentialStatus.Throttled).Should().Be(40 - hasher.Verifications);
    }

    private sealed class CountingHasher : IPasswordHasher
    {
        private readonly IPasswordHasher _inner = new AuthKit.Credentials.Hashing.Pbkdf2PasswordHasher(Microsoft.Extensions.Options.Options.Create(new AuthKitOptions { Hashing = { Iterations = 1000 } }));
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(string password) => _inner.HashPassword(password);

        public PasswordVerificationResult VerifyHashedPassword(string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            Thread.Sleep(5); // long enough for the other attempts to arrive while this one is hashing
            return _inner.VerifyHashedPassword(hashedPassword, providedPassword);
        }
    }
}

/// <summary>An attacker's guesses must not lock the owner out (hardening #6), with the in-memory store.</summary>
public sealed class ThrottlingLockoutTests : IDisposable
{
    private const string Password = "correct horse battery staple";
    private const string Owner = "203.0.113.7";
    private const string Attacker = "198.51.100.66";
    private readonly AuthKitServices _services = new();

    public ThrottlingLockoutTests()
    {
        _services.AddUser("ann@example.com", Password);
    }

    public void Dispose() => _services.Dispose();

    private Task<CredentialResult> Attempt(string password, string? client) => _services.Verifier.VerifyAsync("ann@example.com", password, client, default);

    [Fact]
    public async Task AttackerGuessingOncePerRetryAfter_ForDays_NeverLocksOutTheOwnersClient()
    {
        (await Attempt(Password, Owner)).Succeeded.Should().BeTrue("the owner signed in from this client before");

        // The attacker guesses as often as the throttle allows, for hours; the owner comes back now and then, always
        // while the attacker's back-off is running.
        for (var i = 0; i < 40; i++)
        {
            var guess = await Attempt("wrong " + i, Attacker);
            if (guess.Status == CredentialStatus.Throttled)
            {
                _services.Time.Advance(guess.RetryAfter!.Value);
                guess = await Attempt("wrong " + i, Attacker);
            }

            guess.Status.Should().Be(CredentialStatus.InvalidCredentials, "the attacker gets one guess per Retry-After");
            if (i >= 10 && i % 5 == 0)
            {
                (await Attempt(Password, Owner)).Status.Should().Be(CredentialStatus.Succeeded, $"the owner is never locked out (round {i})");
            }
        }
    }

    [Fact]
    public async Task AttackerFromOneClient_DoesNotLockOutTheOwnerOnANewClient()
    {
        for (var i = 0; i < 10; i++)
        {
            await Attempt("wrong " + i, Attacker);
        }

        (await Attempt(Password, Attacker)).Status.Should().Be(CredentialStatus.Throttled, "the attacker's own client backs off");
        (await Attempt(Password, "192.0.2.10")).Status.Should().Be(CredentialStatus.Succeeded, "another client of the owner is not affected");
    }
}
