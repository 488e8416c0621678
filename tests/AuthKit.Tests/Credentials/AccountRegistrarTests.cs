using AuthKit.Credentials;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Credentials;

public sealed class AccountRegistrarTests : IDisposable
{
    private readonly AuthKitServices _services = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public async Task Register_ValidInput_StoresNormalisedEmailAndHash()
    {
        var result = await _services.Registrar.RegisterAsync("  New.User@Example.COM", "a long enough passphrase", default);

        result.Status.Should().Be(RegistrationStatus.Succeeded);
        result.User!.Email.Should().Be("new.user@example.com");
        result.User.PasswordHash.Should().StartWith("$pbkdf2-sha256$").And.NotContain("passphrase");
        (await _services.Verifier.VerifyAsync("new.user@example.com", "a long enough passphrase", null, default)).User.Should().BeSameAs(result.User);
    }

    [Fact]
    public async Task Register_NewPassword_IsHashedInNfkc()
    {
        // U+FB01 (the "fi" ligature) and "fi" are one password after NFKC.
        var result = await _services.Registrar.RegisterAsync("ann@example.com", "\ufb01nancial-secret", default);

        _services.Hasher.VerifyHashedPassword(result.User!.PasswordHash, "financial-secret").Should().Be(PasswordVerificationResult.Success);
    }

    [Fact]
    public async Task Register_TakenEmail_IsRefused()
    {
        await _services.Registrar.RegisterAsync("ann@example.com", "a long enough passphrase", default);

        var result = await _services.Registrar.RegisterAsync("ANN@example.com", "another long passphrase", default);

        result.Status.Should().Be(RegistrationStatus.Refused);
        result.Errors.Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.EmailTaken);
    }

    [Fact]
    public async Task Register_InvalidEmailAndWeakPassword_ReportsBothReasons()
    {
        var result = await _services.Registrar.RegisterAsync("not an email", "short", default);

        result.Status.Should().Be(RegistrationStatus.Refused);
        result.Errors.Select(e => e.Code).Should().Equal(AuthKitErrorCodes.EmailInvalid, AuthKitErrorCodes.PasswordTooShort);
        result.Errors.Should().OnlyContain(e => e.Description.Length > 10);
        _services.Users.EmailLookups.Should().BeEmpty("refused input never reaches the store");
    }

    [Fact]
    public async Task Register_CommonPassword_IsRefusedWithReason()
    {
        var result = await _services.Registrar.RegisterAsync("ann@example.com", "password1", default);

        result.Errors.Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordCommon);
    }

    [Fact]
    public async Task Register_ConcurrentSameEmail_CreatesExactlyOneUser()
    {
        var attempts = Enumerable.Range(0, 8)
            .Select(_ => Task.Run(() => _services.Registrar.RegisterAsync("race@example.com", "a long enough passphrase", default)));

        var results = await Task.WhenAll(attempts);

        results.Count(r => r.Succeeded).Should().Be(1);
        results.Where(r => !r.Succeeded).Should().OnlyContain(r => r.Errors.Single().Code == AuthKitErrorCodes.EmailTaken);
    }
}

/// <summary>Sign-up takes as long for a taken address as for a new one (hardening #7b), measured alone.</summary>
[Collection(TimingCollection.Name)]
public sealed class AccountRegistrarTimingTests
{
    [Fact]
    public async Task Register_TakenEmail_TakesAboutAsLongAsANewOne()
    {
        // A cost that dominates noise (about 12 ms per hash here) yet keeps the test short; hashed on the calling thread
        // at normal priority, so the scheduler's treatment of low-priority threads is not what is measured.
        using var services = new AuthKitServices(o =>
        {
            o.Hashing.Iterations = 40_000;
            o.Hashing.LowPriority = false;
        });
        var registrar = services.Registrar;
        (await registrar.RegisterAsync("taken@example.com", "a long enough passphrase", default)).Succeeded.Should().BeTrue();
        (await registrar.RegisterAsync("warm-up@example.com", "a long enough passphrase", default)).Succeeded.Should().BeTrue();

        GC.Collect();
        var taken = new List<double>();
        var fresh = new List<double>();
        for (var i = 0; i < 41; i++)
        {
            // Alternating which goes first, so neither pays for the order (caches, a GC, the other core waking up).
            var email = $"new{i}@example.com";
            if (i % 2 == 0)
            {
                taken.Add(await TimeAsync(() => registrar.RegisterAsync("taken@example.com", "a long enough passphrase", default), RegistrationStatus.Refused));
                fresh.Add(await TimeAsync(() => registrar.RegisterAsync(email, "a long enough passphrase", default), RegistrationStatus.Succeeded));
            }
            else
            {
                fresh.Add(await TimeAsync(() => registrar.RegisterAsync(email, "a long enough passphrase", default), RegistrationStatus.Succeeded));
                taken.Add(await TimeAsync(() => registrar.RegisterAsync("taken@example.com", "a long enough passphrase", default), RegistrationStatus.Refused));
            }
        }

        var ratio = Median(taken) / Median(fresh);
        ratio.Should().BeInRange(0.8, 1.2, $"median taken {Median(taken):F2} ms vs new {Median(fresh):F2} ms");
    }

    private static async Task<double> TimeAsync(Func<Task<RegistrationResult>> attempt, RegistrationStatus expected)
    {
        var start = System.Diagnostics.Stopwatch.GetTimestamp();
        var result = await attempt();
        result.Status.Should().Be(expected);
        return System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted[sorted.Length / 2];
    }
}
