namespace AuthKit.Passkeys;

/// <summary>
/// The passkeys of the application's users, needed by <c>AddPasskeys()</c> (package AuthKit.Passkeys): implement it beside <see cref="AuthKit.Credentials.IUserStore"/>
/// on the same class (<c>AddUserStore&lt;TStore&gt;()</c> picks it up) and keep one row per credential.
/// </summary>
/// <remarks>
/// A credential id is unique across all users (make it the key or a unique index). Nothing here is secret: a passkey's
/// public key only verifies signatures, so a leaked table lets nobody sign in.
/// </remarks>
public interface IUserPasskeyStore
{
    /// <summary>The user's passkeys, oldest first (an empty list when there are none).</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The passkeys.</returns>
    Task<IReadOnlyList<UserPasskey>> GetPasskeysAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The passkey with this credential id, whoever owns it, or <see langword="null"/>.</summary>
    /// <param name="credentialId">The credential id (raw bytes).</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The passkey, or <see langword="null"/>.</returns>
    Task<UserPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken cancellationToken);

    /// <summary>Adds a passkey; <see langword="false"/> (and nothing written) when its credential id is registered already.</summary>
    /// <param name="passkey">The new passkey.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was added.</returns>
    Task<bool> AddPasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the stored passkey that has <paramref name="passkey"/>'s user and credential id (after a sign-in: its
    /// signature counter, backup state and last use; after a rename: its name); <see langword="false"/> when there is none.
    /// </summary>
    /// <param name="passkey">The passkey as it is now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was found and updated.</returns>
    Task<bool> UpdatePasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken);

    /// <summary>Removes the user's passkey; <see langword="false"/> when the user has no passkey with this id.</summary>
    /// <param name="userId">The user's id.</param>
    /// <param name="credentialId">The credential id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>Whether it was removed.</returns>
    Task<bool> RemovePasskeyAsync(string userId, byte[] credentialId, CancellationToken cancellationToken);
}
