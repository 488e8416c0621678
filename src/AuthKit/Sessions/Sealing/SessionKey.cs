using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace AuthKit.Sessions.Sealing;

/// <summary>
/// One key of the ring: its identifier and a pool of <see cref="AesGcm"/> instances over the derived
/// AES-256 key (creating an instance per call costs 1.75× the call itself here; instances are not thread-safe).
/// </summary>
internal sealed class SessionKey : IDisposable
{
    private static readonly byte[] DerivationInfo = "AuthKit session sealing key v1"u8.ToArray();

    private readonly byte[] _key;
    private readonly ConcurrentBag<AesGcm> _pool = [];
    private readonly int _poolLimit = Environment.ProcessorCount * 4;

    public SessionKey(string id, ReadOnlySpan<byte> secret)
    {
        Id = id;
        IdBytes = Encoding.ASCII.GetBytes(id);

        // HKDF turns any secret of 32+ bytes into exactly one AES-256 key, and keeps it distinct from other
        // uses of the same secret.
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: DerivationInfo);
    }

    public string Id { get; }

    public byte[] IdBytes { get; }

    public AesGcm Rent() => _pool.TryTake(out var aes) ? aes : new AesGcm(_key, SessionTokenFormat.TagSize);

    public void Return(AesGcm aes)
    {
        if (_pool.Count < _poolLimit)
        {
            _pool.Add(aes);
        }
        else
        {
            aes.Dispose();
        }
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var aes))
        {
            aes.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }
}
