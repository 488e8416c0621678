using System.Buffers.Text;
using System.Security.Cryptography;

namespace AuthKit.Tokens;

/// <summary>
/// Issues and redeems one-time tokens: 32 bytes from the CSPRNG, given out once as 43 characters of Base64url; only
/// their SHA-256 is stored. A presented token that is not exactly 43 canonical Base64url characters is refused before
/// the store is asked.
/// </summary>
internal sealed class OneTimeTokens
{
    private const int TokenBytes = 32;
    private const int TokenChars = 43;

    private readonly IOneTimeTokenStore _store;
    private readonly TimeProvider _time;

    public OneTimeTokens(IOneTimeTokenStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Issues a token and returns it with its expiry; only its hash is stored.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(string purpose, string? userId, string? email, TimeSpan lifetime, string? data, CancellationToken cancellationToken)
    {
        var raw = RandomNumberGenerator.GetBytes(TokenBytes);
        var expiresAt = _time.GetUtcNow() + lifetime;
        await _store.StoreAsync(new OneTimeToken(SHA256.HashData(raw), purpose, userId, email, expiresAt, data), cancellationToken).ConfigureAwait(false);
        return (Base64Url.EncodeToString(raw), expiresAt);
    }

    /// <summary>Consumes a presented token for a purpose (and user); <see langword="null"/> when it does not work.</summary>
    public Task<OneTimeToken?> ConsumeAsync(string? token, string purpose, string? userId, CancellationToken cancellationToken)
        => TryHash(token, out var hash)
            ? _store.ConsumeAsync(hash, purpose, userId, _time.GetUtcNow(), cancellationToken)
            : Task.FromResult<OneTimeToken?>(null);

    /// <summary>Deletes every token of a user for a purpose.</summary>
    public Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken) => _store.RevokeAsync(userId, purpose, cancellationToken);

    private static bool TryHash(string? token, out byte[] hash)
    {
        hash = [];
        Span<byte> raw = stackalloc byte[TokenBytes + 1];
        if (token is null || token.Length != TokenChars
            || Base64Url.DecodeFromChars(token, raw, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != TokenChars || written != TokenBytes
            || !string.Equals(Base64Url.EncodeToString(raw[..TokenBytes]), token, StringComparison.Ordinal))
        {
            return false;
        }

        hash = SHA256.HashData(raw[..TokenBytes]);
        return true;
    }
}
