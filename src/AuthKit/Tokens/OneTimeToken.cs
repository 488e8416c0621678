namespace AuthKit.Tokens;

/// <summary>
/// A one-time token as a store keeps it: the SHA-256 of the token (never the token), what it is for, whom it is for and
/// until when. The token itself travels only in the link mailed to the user.
/// </summary>
/// <param name="Hash">The SHA-256 of the token's 32 random bytes (32 bytes): the key.</param>
/// <param name="Purpose">What the token does (see <see cref="OneTimeTokenPurposes"/>); a token only works for its purpose.</param>
/// <param name="UserId">The user it acts on, or <see langword="null"/> for a sign-up that creates the user.</param>
/// <param name="Email">The normalised address it was sent to and proves, or <see langword="null"/>.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="Data">What the purpose needs besides (a pending sign-up's password hash), or <see langword="null"/>. Never log it.</param>
public sealed record OneTimeToken(byte[] Hash, string Purpose, string? UserId, string? Email, DateTimeOffset ExpiresAt, string? Data);
