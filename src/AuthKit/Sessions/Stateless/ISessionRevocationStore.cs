namespace AuthKit.Sessions.Stateless;

/// <summary>
/// The revocation list of stateless sessions: what makes logout real for a session that lives in a cookie.
/// Entries expire by themselves when the sessions they revoke would have, so the list stays small.
/// The in-memory store serves one process; a shared store (Redis) makes logout hold on every instance.
/// </summary>
public interface ISessionRevocationStore
{
    /// <summary>Revokes one session until it would have expired anyway. Revoking it again never shortens the revocation.</summary>
    /// <param name="sessionId">The session's public id.</param>
    /// <param name="expiresAt">When the entry may be forgotten (the session's absolute expiry).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the revocation is recorded.</returns>
    ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Revokes every session of a user issued at or before <paramref name="notBefore"/>. A later instant or expiry already recorded is kept.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="notBefore">Sessions issued at or before this instant are refused (at the same millisecond, refusing is the safe side).</param>
    /// <param name="expiresAt">When the entry may be forgotten (no session issued before <paramref name="notBefore"/> lives past it).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the revocation is recorded.</returns>
    ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken);

    /// <summary>Checks one session against both kinds of entry (one round trip for a remote store).</summary>
    /// <param name="sessionId">The session's public id.</param>
    /// <param name="userId">The session's user.</param>
    /// <param name="issuedAt">When the session's cookie was issued.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the session is revoked.</returns>
    ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken);
}
