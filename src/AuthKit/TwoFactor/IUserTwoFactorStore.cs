namespace AuthKit.TwoFactor;

/// <summary>
/// What the second factor needs from the application's user store, beside <see cref="Credentials.IUserStore"/>:
/// one state per user, replaced with an optimistic-concurrency check. Implement it on the same class as
/// <see cref="Credentials.IUserStore"/>; <c>AddTwoFactor()</c> refuses to start without it.
/// </summary>
/// <remarks>
/// The version check is what makes a TOTP code and a recovery code work only once, even when two requests present one
/// at the same moment: implement <see cref="TryReplaceTwoFactorAsync"/> as one conditional write (for example
/// <c>UPDATE … WHERE user_id = @id AND version = @expectedVersion</c>, or an insert when none is expected).
/// </remarks>
public interface IUserTwoFactorStore
{
    /// <summary>Reads the user's second factor.</summary>
    /// <param name="userId">The user.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The state, or <see langword="null"/> when the user has no second factor.</returns>
    Task<TwoFactorState?> GetTwoFactorAsync(string userId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the user's second factor when the stored one has <paramref name="expectedVersion"/> (0: none stored).
    /// <paramref name="next"/> is <see langword="null"/> to remove it (the second factor is disabled).
    /// </summary>
    /// <param name="userId">The user.</param>
    /// <param name="expectedVersion">The version read before, or 0 when none was stored.</param>
    /// <param name="next">The new state (its <see cref="TwoFactorState.Version"/> is <paramref name="expectedVersion"/> + 1), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="false"/> when the stored version was another (someone changed it meanwhile): read again.</returns>
    Task<bool> TryReplaceTwoFactorAsync(string userId, long expectedVersion, TwoFactorState? next, CancellationToken cancellationToken);
}
