using System.Text.Json;
using AuthKit.Credentials;
using AuthKit.Tests.TestSupport;

namespace AuthKit.Tests.Credentials.Hashing;

/// <summary>ASP.NET Core Identity V2/V3 hashes (the published PasswordHasher vectors) verify and ask for a re-hash.</summary>
public sealed class IdentityHashCompatibilityTests : IDisposable
{
    private readonly AuthKitServices _services = new();

    public void Dispose() => _services.Dispose();

    public static TheoryData<string, string, string> Vectors()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Vectors", "aspnet-identity-passwordhasher.json")));
        var data = new TheoryData<string, string, string>();
        foreach (var vector in document.RootElement.GetProperty("vectors").EnumerateArray())
        {
            data.Add(vector.GetProperty("name").GetString()!, vector.GetProperty("hash").GetString()!, vector.GetProperty("password").GetString()!);
        }

        return data;
    }

    [Fact]
    public void VectorFile_HoldsAllNineVectors()
    {
        Vectors().Should().HaveCount(9);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_IdentityVector_SucceedsAndAsksForRehash(string name, string hash, string password)
    {
        _services.Hasher.VerifyHashedPassword(hash, password).Should().Be(PasswordVerificationResult.SuccessRehashNeeded, name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_IdentityVectorWithWrongPassword_Fails(string name, string hash, string password)
    {
        _services.Hasher.VerifyHashedPassword(hash, password + "!").Should().Be(PasswordVerificationResult.Failed, name);
        _services.Hasher.VerifyHashedPassword(hash, "My password").Should().Be(PasswordVerificationResult.Failed, name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_IdentityVectorWithFlippedByte_Fails(string name, string hash, string password)
    {
        var bytes = Convert.FromBase64String(hash);
        bytes[^1] ^= 0x01;

        _services.Hasher.VerifyHashedPassword(Convert.ToBase64String(bytes), password).Should().Be(PasswordVerificationResult.Failed, name);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Verify_IdentityVectorTruncated_FailsWithoutException(string name, string hash, string password)
    {
        // Cut inside the header, the salt, or below the 128-bit minimum subkey. (A V3 hash cut further on
        // is a valid hash with a shorter subkey, exactly as Identity reads it: PBKDF2 output is prefix-stable.)
        var bytes = Convert.FromBase64String(hash);
        var shortest = bytes[0] == 0x00 ? bytes.Length : 13 + System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(9)) + 16;
        for (var length = 0; length < shortest; length++)
        {
            _services.Hasher.VerifyHashedPassword(Convert.ToBase64String(bytes.AsSpan(0, length)), password)
                .Should().Be(PasswordVerificationResult.Failed, $"{name} cut to {length} bytes");
        }
    }
}
