namespace AuthKit.Credentials;

/// <summary>
/// The data AuthKit hands to <see cref="IUserStore.CreateAsync"/> for a sign-up.
/// </summary>
/// <param name="Email">The normalised email address.</param>
/// <param name="PasswordHash">The password hash to store.</param>
public sealed record NewUser(string Email, string PasswordHash);
