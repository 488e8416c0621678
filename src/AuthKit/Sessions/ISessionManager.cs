using AuthKit.Credentials;
using Microsoft.AspNetCore.Http;

namespace AuthKit.Sessions;

/// <summary>
/// The one session API shared by both kinds: create, read (secure and optimistic), renew, list and revoke.
/// Which kind runs is chosen at registration (<c>AddStatelessSessions()</c> or <c>AddDatabaseSessions()</c>);
/// code written against this interface works with either.
/// </summary>
public interface ISessionManager
{
    /// <summary>Gets the kind of session in use.</summary>
    SessionKind Kind { get; }

    /// <summary>
    /// Starts a new session for a user who has just proved who they are, and writes its cookie. Always a new
    /// session id (no fixation); the session the request held before, if any, is revoked.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <param name="user">The signed-in user.</param>
    /// <param name="values">Application values to keep with the session, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The new session.</returns>
    /// <exception cref="InvalidOperationException">The session would not fit in a 4096-byte cookie.</exception>
    Task<AuthSession> CreateAsync(HttpContext context, IAuthKitUser user, IReadOnlyDictionary<string, string>? values = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// The secure check: the request's session verified against the authority (revocation list or store),
    /// renewed when due. Memoised for the request, so calling it again costs nothing.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The session, or <see langword="null"/> when the request has no valid session.</returns>
    ValueTask<AuthSession?> GetAsync(HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// The optimistic check: the session as the cookie states it (decrypted and unexpired), without asking the
    /// authority. It may be revoked already; use it for redirects and UI, never to protect data.
    /// </summary>
    /// <param name="context">The current request.</param>
    /// <returns>The session the cookie states, or <see langword="null"/>.</returns>
    AuthSession? ReadCookie(HttpContext context);

    /// <summary>Ends the request's session on the server and deletes its cookie.</summary>
    /// <param name="context">The current request.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the session is revoked.</returns>
    Task SignOutAsync(HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>Ends every session of a user ("sign out everywhere"); their next request with any cookie is anonymous.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>A task that completes when the sessions are revoked.</returns>
    Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Ends every session of the request's user except the request's own ("sign out other devices", and after a password
    /// change). The request's own session goes on under a new cookie (database sessions: a new token), so a copy of its
    /// old cookie ends with the others.
    /// </summary>
    /// <param name="context">The current request, which must have a valid session.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when the request had a session.</returns>
    Task<bool> RevokeOthersAsync(HttpContext context, CancellationToken cancellationToken = default);

    /// <summary>Lists a user's active sessions (database sessions only), newest first: at most <see cref="SessionOptions.MaxSessionsPerUser"/>.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The sessions, newest first.</returns>
    /// <exception cref="NotSupportedException">Stateless sessions are not recorded anywhere, so they cannot be listed.</exception>
    Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>Ends one session of a user by its public id (database sessions only).</summary>
    /// <param name="userId">The user who owns the session.</param>
    /// <param name="sessionId">The session's public id (<see cref="AuthSession.Id"/>).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns><see langword="true"/> when a session of that user was ended.</returns>
    /// <exception cref="NotSupportedException">Stateless sessions cannot be looked up by id.</exception>
    Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken = default);
}
