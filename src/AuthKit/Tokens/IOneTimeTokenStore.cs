namespace AuthKit.Tokens;

/// <summary>
/// Where one-time tokens (address verification, password reset, address change) are kept until used: in memory unless
/// replaced (<c>UseSqlite(…)</c>, <c>UseRedis(…)</c>). Every implementation passes the same conformance suite.
/// </summary>
/// <remarks>
/// The store never sees a token, only its SHA-256. <see cref="ConsumeAsync"/> must be atomic: of any number of concurrent
/// calls for one token, exactly one gets it. Expired tokens must never be returned; the store may delete them whenever
/// it likes.
/// </remarks>
public interface IOneTimeTokenStore
{
    /// <summary>Keeps a new token.</summary>
    /// <param name="token">The token's record.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the token is stored.</returns>
    Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a token out of the store, atomically, when it exists, has not expired at <paramref name="now"/>, has the
    /// given purpose and (when <paramref name="userId"/> is given) belongs to that user. A token that does not match the
    /// purpose or user stays as it is.
    /// </summary>
    /// <param name="hash">The SHA-256 of the presented token.</param>
    /// <param name="purpose">The purpose it is presented for.</param>
    /// <param name="userId">The user it must belong to, or <see langword="null"/> for any.</param>
    /// <param name="now">The current time.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The consumed token, or <see langword="null"/> when nothing was consumed.</returns>
    Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Deletes every token of a user for one purpose (after a reset, the other reset links die).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="purpose">The purpose.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the tokens are deleted.</returns>
    Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken);
}
