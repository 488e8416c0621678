namespace AuthKit.External;

/// <summary>
/// The external logins of the application's users (a provider's subject linked to a local account), needed by
/// <c>AddExternalLogins()</c>: implement it beside <see cref="Credentials.IUserStore"/> on the same class
/// (<c>AddUserStore&lt;TStore&gt;()</c> picks it up). One login per provider per user; a (provider, subject) pair belongs
/// to one user at most (a unique index).
/// </summary>
public interface IUserLoginStore
{
    /// <summary>The user a provider's subject is linked to, or <see langword="null"/>.</summary>
    /// <param name="provider">The provider (its authentication scheme name).</param>
    /// <param name="subject">The provider's stable identifier of the person (<c>sub</c>).</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The user's id, or <see langword="null"/>.</returns>
    Task<string?> FindUserByLoginAsync(string provider, string subject, CancellationToken cancellationToken);

    /// <summary>The user's linked logins, oldest first.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the look-up.</param>
    /// <returns>The logins.</returns>
    Task<IReadOnlyList<ExternalLogin>> GetLoginsAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Links a login; <see langword="false"/> (and nothing written) when the (provider, subject) pair is linked already,
    /// to this user or another, or the user already has a login of this provider.
    /// </summary>
    /// <param name="login">The login.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was linked.</returns>
    Task<bool> AddLoginAsync(ExternalLogin login, CancellationToken cancellationToken);

    /// <summary>Unlinks the user's login of a provider; <see langword="false"/> when there is none.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was removed.</returns>
    Task<bool> RemoveLoginAsync(string userId, string provider, CancellationToken cancellationToken);
}

/// <summary>A provider's subject linked to a local user.</summary>
/// <param name="UserId">The local user.</param>
/// <param name="Provider">The provider: the name of its authentication scheme (e.g. <c>Google</c>, <c>oidc</c>).</param>
/// <param name="Subject">The provider's stable identifier of the person (the <c>sub</c> claim, or the name identifier).</param>
/// <param name="CreatedAt">When it was linked.</param>
public sealed record ExternalLogin(string UserId, string Provider, string Subject, DateTimeOffset CreatedAt);
