using System.Security.Cryptography;

namespace AuthKit.Credentials.Hashing;

/// <summary>
/// A hash made with the configured hasher and parameters from a random password nobody knows, verified
/// in place of a real one when an email is unknown. Made once, on first use.
/// </summary>
internal sealed class DummyPasswordHash
{
    private readonly Lazy<string> _value;

    public DummyPasswordHash(IPasswordHasher hasher)
    {
        _value = new Lazy<string>(
            () => hasher.HashPassword(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))),
            LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string Value => _value.Value;
}
