using AuthKit.Credentials;
using AuthKit.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Tests.Credentials;

public sealed class PasswordPolicyTests : IDisposable
{
    private readonly AuthKitServices _services = new();

    private PasswordPolicy Policy => _services.Services.GetRequiredService<PasswordPolicy>();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Validate_SevenCharacters_IsRefusedAsTooShort()
    {
        var errors = Policy.Validate("tr7q#zk");

        errors.Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooShort);
        errors[0].Description.Should().Contain("at least 8");
    }

    [Fact]
    public void Validate_EightCharacters_IsAccepted()
    {
        Policy.Validate("tr7q#zkw").Should().BeEmpty();
    }

    [Theory]
    [InlineData("alllowercaseletters")] // no composition rules
    [InlineData("                        ")] // only spaces is long enough and allowed
    [InlineData("12 horses 34 ponies")]
    public void Validate_NoCompositionRules(string password)
    {
        Policy.Validate(password).Should().BeEmpty();
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    public void Validate_LongPasswords_AreAccepted(int length)
    {
        Policy.Validate(new string('q', length - 3) + "z!9").Should().BeEmpty();
    }

    [Fact]
    public void Validate_OverMaximum_IsRefusedAsTooLong()
    {
        Policy.Validate(new string('q', 257)).Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooLong);
    }

    [Fact]
    public void Validate_LengthCountsCodePointsNotUtf16Units()
    {
        // Eight emoji are eight characters to a person, sixteen UTF-16 units to .NET.
        Policy.Validate("🔑🔒🗝🔓🛡🔐🧷🪪").Should().BeEmpty();
        Policy.Validate("🔑🔒🗝🔓🛡🔐🧷").Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooShort);
    }

    [Fact]
    public void Validate_NonAscii_IsAccepted()
    {
        Policy.Validate("пароль-для-входа").Should().BeEmpty();
    }

    [Theory]
    [InlineData("password")]
    [InlineData("12345678")]
    [InlineData("iloveyou")]
    [InlineData("PASSWORD1")] // the list is compared without case
    public void Validate_CommonPassword_IsRefusedWithReason(string password)
    {
        var error = Policy.Validate(password).Should().ContainSingle().Subject;

        error.Code.Should().Be(AuthKitErrorCodes.PasswordCommon);
        error.Description.Should().Contain("common");
    }

    [Fact]
    public void Validate_CommonPasswordCheckOff_AcceptsListedPassword()
    {
        using var services = new AuthKitServices(o => o.Password.RejectCommonPasswords = false);

        services.Services.GetRequiredService<PasswordPolicy>().Validate("password").Should().BeEmpty();
    }

    [Fact]
    public void CommonPasswordList_HoldsOnlyEntriesWithinTheLengthPolicy()
    {
        CommonPasswords.Count.Should().Be(17_950);
        CommonPasswords.Contains("123456").Should().BeFalse("entries shorter than the minimum are refused by length already");
    }

    [Fact]
    public void Validate_ConfiguredMinimum_IsApplied()
    {
        using var services = new AuthKitServices(o => o.Password.MinimumLength = 15);
        var policy = services.Services.GetRequiredService<PasswordPolicy>();

        policy.Validate("fourteen-chars").Should().ContainSingle().Which.Description.Should().Contain("at least 15");
        policy.Validate("fifteen-chars!!").Should().BeEmpty();
    }

    [Fact]
    public void Validate_LoneSurrogate_IsRefusedAsInvalid()
    {
        Policy.Validate("abcdefgh" + (char)0xD800).Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordInvalid);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Validate_Missing_IsRefusedAsTooShort(string? password)
    {
        Policy.Validate(password).Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooShort);
    }
}

/// <summary>An over-long password is refused before NFKC can multiply it (hardening #1), measured alone.</summary>
[Collection(TimingCollection.Name)]
public sealed class PasswordPolicyInputBoundTests : IDisposable
{
    private readonly AuthKitServices _services = new();

    public void Dispose() => _services.Dispose();

    [Fact]
    public void Validate_HugePasswordThatNfkcExpands_IsRefusedAtOnceWithoutNormalising()
    {
        var policy = _services.Services.GetRequiredService<PasswordPolicy>();
        policy.Validate("warm up the policy");

        // U+FDFA becomes 18 characters under NFKC: normalising 30 MB of it first would allocate about a gigabyte.
        var password = new string('\uFDFA', 10_000_000);
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var start = System.Diagnostics.Stopwatch.GetTimestamp();

        var errors = policy.Validate(password);

        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(start);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        errors.Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooLong);
        allocated.Should().BeLessThan(64 * 1024, "the refusal must not copy or normalise the input");
        elapsed.Should().BeLessThan(TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public void Validate_NfkcExpansionPastTheMaximum_IsRefusedAsTooLong()
    {
        var policy = _services.Services.GetRequiredService<PasswordPolicy>();

        // 20 raw characters, 360 after NFKC: the limit applies to the normalised password too.
        policy.Validate(new string('\uFDFA', 20)).Should().ContainSingle().Which.Code.Should().Be(AuthKitErrorCodes.PasswordTooLong);
    }

    [Fact]
    public async Task SignUpAndSignIn_AgreeOnTheLongestPasswordAccepted()
    {
        // 256 Hangul syllables typed as decomposed jamo (ᄀ ᅡ ᆨ): 768 UTF-16 units that NFKC composes into 256 code points,
        // a password the policy accepts and sign-in must accept too.
        var password = string.Concat(Enumerable.Repeat("\u1100\u1161\u11A8", 256));
        password.Length.Should().Be(768);
        (await _services.Registrar.RegisterAsync("ann@example.com", password, default)).Succeeded.Should().BeTrue();

        (await _services.Verifier.VerifyAsync("ann@example.com", password, null, default)).Status.Should().Be(CredentialStatus.Succeeded);
    }
}
