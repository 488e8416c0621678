using System.Diagnostics;
using AuthKit.Credentials;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Credentials.Hashing;

public sealed class Pbkdf2PasswordHasherTests : IDisposable
{
    private readonly AuthKitServices _services = new();

    private IPasswordHasher Hasher => _services.Hasher;

    public void Dispose() => _services.Dispose();

    [Fact]
    public void HashPassword_WritesPhcStringWithAlgorithmAndParameters()
    {
        var hash = Hasher.HashPassword("correct horse battery staple");

        var parts = hash.Split('$');
        parts.Should().HaveCount(5);
        parts[1].Should().Be("pbkdf2-sha256");
        parts[2].Should().Be($"i={AuthKitServices.TestIterations}");
        Convert.FromBase64String(parts[3] + "==").Should().HaveCount(16, "the salt is 128 bits");
        Convert.FromBase64String(parts[4] + "=").Should().HaveCount(32, "the hash is 256 bits");
    }

    [Fact]
    public void HashPassword_SamePasswordTwice_UsesFreshSalt()
    {
        Hasher.HashPassword("correct horse battery staple").Should().NotBe(Hasher.HashPassword("correct horse battery staple"));
    }

    [Fact]
    public void Verify_RightPassword_Succeeds()
    {
        var hash = Hasher.HashPassword("correct horse battery staple");

        Hasher.VerifyHashedPassword(hash, "correct horse battery staple").Should().Be(PasswordVerificationResult.Success);
    }

    [Theory]
    [InlineData("correct horse battery stapl")] // prefix: no truncation
    [InlineData("correct horse battery staple!")] // extension
    [InlineData("Correct horse battery staple")] // case flipped: no case folding
    [InlineData("CORRECT HORSE BATTERY STAPLE")]
    [InlineData("correct horse battery staple ")] // trailing white space kept
    [InlineData(" correct horse battery staple")]
    [InlineData("correct  horse battery staple")]
    [InlineData("correcthorsebatterystaple")]
    [InlineData("")]
    public void Verify_AlteredPassword_Fails(string attempt)
    {
        var hash = Hasher.HashPassword("correct horse battery staple");

        Hasher.VerifyHashedPassword(hash, attempt).Should().Be(PasswordVerificationResult.Failed);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(128)]
    [InlineData(256)]
    public void Verify_LongPasswords_RoundTripWithoutTruncation(int length)
    {
        var password = new string('x', length - 1) + "y";
        var hash = Hasher.HashPassword(password);

        Hasher.VerifyHashedPassword(hash, password).Should().Be(PasswordVerificationResult.Success);
        Hasher.VerifyHashedPassword(hash, password[..^1] + "z").Should().Be(PasswordVerificationResult.Failed);
        Hasher.VerifyHashedPassword(hash, password[..^1]).Should().Be(PasswordVerificationResult.Failed);
    }

    [Theory]
    [InlineData("pässwörd-ünïcödé")]
    [InlineData("пароль-очень-длинный")]
    [InlineData("密码密码密码密码")]
    [InlineData("🔑🔑🔑🔑🔑🔑🔑🔑")]
    public void Verify_NonAsciiPasswords_RoundTrip(string password)
    {
        var hash = Hasher.HashPassword(password);

        Hasher.VerifyHashedPassword(hash, password).Should().Be(PasswordVerificationResult.Success);
    }

    [Fact]
    public void Verify_CanonicallyEquivalentSpelling_MatchesAfterNfkc()
    {
        // "é" as one code point and as "e" + combining acute accent are the same text to a user.
        var hash = Hasher.HashPassword("caf\u00e9-au-lait");

        Hasher.VerifyHashedPassword(hash, "cafe\u0301-au-lait").Should().Be(PasswordVerificationResult.Success);
    }

    [Fact]
    public void Verify_HashWithFewerIterations_AsksForRehash()
    {
        using var older = new AuthKitServices(o => o.Hashing.Iterations = AuthKitServices.TestIterations / 2);
        var oldHash = older.Hasher.HashPassword("correct horse battery staple");

        Hasher.VerifyHashedPassword(oldHash, "correct horse battery staple").Should().Be(PasswordVerificationResult.SuccessRehashNeeded);
    }

    [Fact]
    public void Verify_Sha512PhcHash_IsAcceptedAndAsksForRehash()
    {
        // pbkdf2-sha512 with the same layout: derived here with the BCL to be independent of the hasher.
        var salt = new byte[16];
        var key = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2("correct horse battery staple"u8, salt, 2000, System.Security.Cryptography.HashAlgorithmName.SHA512, 32);
        var hash = $"$pbkdf2-sha512$i=2000${Convert.ToBase64String(salt).TrimEnd('=')}${Convert.ToBase64String(key).TrimEnd('=')}";

        Hasher.VerifyHashedPassword(hash, "correct horse battery staple").Should().Be(PasswordVerificationResult.SuccessRehashNeeded);
        Hasher.VerifyHashedPassword(hash, "wrong").Should().Be(PasswordVerificationResult.Failed);
    }

    [Fact]
    public void Verify_ProducesTheSameBytesAsTheBclPbkdf2()
    {
        var hash = Hasher.HashPassword("correct horse battery staple");
        var parts = hash.Split('$');
        var salt = Convert.FromBase64String(parts[3] + "==");

        var expected = System.Security.Cryptography.Rfc2898DeriveBytes.Pbkdf2(
            "correct horse battery staple"u8, salt, AuthKitServices.TestIterations, System.Security.Cryptography.HashAlgorithmName.SHA256, 32);

        Convert.FromBase64String(parts[4] + "=").Should().Equal(expected);
    }

    public static TheoryData<string> MalformedHashes => new()
    {
        "",
        "$",
        "$$$$",
        "not a hash at all",
        "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=1000$!!!notbase64!!!$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$***",
        "$pbkdf2-sha256$i=-5$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=0$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=99999999999999999999$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$i=2000000000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-sha256$x=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$pbkdf2-md5$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
        "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaGhhc2g",
        "$pbkdf2-sha256$i=1000$AA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", // salt too short
        "$pbkdf2-sha256$i=1000$AAAAAAAAAAAAAAAAAAAAAA$AAAA", // hash too short
        "AQAAAAIAAYagAAAAEAABAgMEBQYHCAkKCwwNDg", // Identity V3 truncated (bad Base64 length)
        "AQAAAAIAAYagAAAAEAABAgMEBQYHCAkKCwwNDg==", // Identity V3 truncated inside the salt
        "AQAAAAIAAYagAAAAEAABAgMEBQYHCAkKCwwNDg/Q8A0W", // Identity V3 with a short subkey
        "AQAAAAIAAAABAAAAEAABAgMEBQYHCAkKCwwNDg/Q8A0WMKbtHQJQ2DHCdoEeeFBrgNlldq6vH4qX/CGqGQ==", // 1 iteration: wrong key
        "AQAAAAL/////AAAAEAABAgMEBQYHCAkKCwwNDg/Q8A0WMKbtHQJQ2DHCdoEeeFBrgNlldq6vH4qX/CGqGQ==", // 4 billion iterations
        "AQAAAAkAAYagAAAAEAABAgMEBQYHCAkKCwwNDg/Q8A0WMKbtHQJQ2DHCdoEeeFBrgNlldq6vH4qX/CGqGQ==", // unknown PRF
        "AQAAAAIAAYag/////wABAgMEBQYHCAkKCwwNDg/Q8A0WMKbtHQJQ2DHCdoEeeFBrgNlldq6vH4qX/CGqGQ==", // absurd salt length
        "AAABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1u", // V2 truncated
        "AgABAgMEBQYHCAkKCwwNDg+ukCEMDf0yyQ29NYubggHIVY0sdEUfdyeM+E1LtH1uJg==", // unknown format marker
        "AQ==",
        "%%%%",
    };

    [Theory]
    [MemberData(nameof(MalformedHashes))]
    public void Verify_MalformedHash_FailsQuicklyWithoutException(string malformed)
    {
        var watch = Stopwatch.StartNew();

        var result = Hasher.VerifyHashedPassword(malformed, "my password");

        result.Should().Be(PasswordVerificationResult.Failed);
        watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5), "an absurd iteration count must be refused, not computed");
    }

    [Fact]
    public void Verify_NullInputs_Fail()
    {
        Hasher.VerifyHashedPassword(null!, "x").Should().Be(PasswordVerificationResult.Failed);
        Hasher.VerifyHashedPassword(Hasher.HashPassword("password-1234"), null!).Should().Be(PasswordVerificationResult.Failed);
    }

    [Fact]
    public void DefaultParameters_HashAndVerify_UseSixHundredThousandIterations()
    {
        // The one test at the real default cost (about 350 ms per hash on a small server).
        using var real = new AuthKitServices(o => o.Hashing.Iterations = PasswordHashingOptions.RecommendedIterations);

        var hash = real.Hasher.HashPassword("correct horse battery staple");

        hash.Should().StartWith("$pbkdf2-sha256$i=600000$");
        real.Options.Hashing.Iterations.Should().Be(new PasswordHashingOptions().Iterations);
        real.Hasher.VerifyHashedPassword(hash, "correct horse battery staple").Should().Be(PasswordVerificationResult.Success);
    }
}
