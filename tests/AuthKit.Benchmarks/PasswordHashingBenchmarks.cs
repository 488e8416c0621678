using AuthKit.Credentials;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.AspNetCore.Cryptography.KeyDerivation;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.Benchmarks;

/// <summary>
/// Password hashing at the default parameters (PBKDF2-HMAC-SHA256, 600,000 iterations): AuthKit's hash and verify
/// against the BCL's raw PBKDF2 at the same parameters. About 350 ms per operation on a small server.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
public class PasswordHashingBenchmarks
{
    private const string Password = "correct horse battery staple";
    private readonly byte[] _salt = new byte[16];
    private IPasswordHasher _hasher = null!;
    private string _hash = null!;
    private ServiceProvider _services = null!;

    [GlobalSetup]
    public void Setup()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddAuthKit().AddUserStore<NoUsers>();
        _services = services.BuildServiceProvider();
        _hasher = _services.GetRequiredService<IPasswordHasher>();
        _hash = _hasher.HashPassword(Password);
    }

    [GlobalCleanup]
    public void Cleanup() => _services.Dispose();

    [Benchmark(Baseline = true, Description = "BCL PBKDF2-HMAC-SHA256, 600,000 iterations")]
    public byte[] RawPbkdf2() => KeyDerivation.Pbkdf2(Password, _salt, KeyDerivationPrf.HMACSHA256, 600_000, 32);

    [Benchmark(Description = "AuthKit verify (default parameters)")]
    public PasswordVerificationResult AuthKitVerify() => _hasher.VerifyHashedPassword(_hash, Password);

    [Benchmark(Description = "AuthKit hash (default parameters)")]
    public string AuthKitHash() => _hasher.HashPassword(Password);
}
