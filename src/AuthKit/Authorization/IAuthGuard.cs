using AuthKit.Credentials;
using AuthKit.Mapping;
using AuthKit.Sessions;

namespace AuthKit.Authorization;

/// <summary>
/// The secure check, close to the data (the Next.js guide's Data Access Layer): a scoped service whose results are
/// memoised for the request, so calling it from several places costs one store read. Failures throw
/// <see cref="AuthKitAuthorizationException"/>, which <c>app.UseAuthKit()</c> turns into 401/403 (or redirects for pages).
/// </summary>
public interface IAuthGuard
{
    /// <summary>Gets the verified session, or <see langword="null"/>.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The session.</returns>
    ValueTask<AuthSession?> GetSessionAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets the verified session or throws (401).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The session.</returns>
    ValueTask<AuthSession> RequireSessionAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Requires a fresh session (step-up): the user proved who they are (signed in, or re-authenticated with
    /// <c>POST …/reauthenticate</c>) within <paramref name="maxAge"/>. Throws 401 without a session, and 403 with the
    /// machine-readable reason <c>reauthentication_required</c> when the proof is older.
    /// </summary>
    /// <param name="maxAge">The oldest proof accepted, or <see langword="null"/> for <see cref="SessionOptions.FreshFor"/> (10 minutes).</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The session.</returns>
    ValueTask<AuthSession> RequireFreshSessionAsync(TimeSpan? maxAge = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Requires a session whose user has <paramref name="role"/> now: the roles come from the user store, not from
    /// the cookie, so a removed role is refused at once (ASVS 8.3.2). Throws 401 without a session, 403 without the role.
    /// </summary>
    /// <param name="role">The role.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The session.</returns>
    ValueTask<AuthSession> RequireRoleAsync(string role, CancellationToken cancellationToken = default);

    /// <summary>Loads the signed-in user from the user store (memoised); throws 401 without a session or when the user is gone.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The user.</returns>
    ValueTask<IAuthKitUser> GetUserAsync(CancellationToken cancellationToken = default);

    /// <summary>Gets who is looking, for DTO mapping: the signed-in user and their current roles, or anonymous.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The viewer.</returns>
    ValueTask<Viewer> GetViewerAsync(CancellationToken cancellationToken = default);
}
