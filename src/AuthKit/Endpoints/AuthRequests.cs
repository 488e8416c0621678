namespace AuthKit.Endpoints;

/// <summary>The JSON body of sign-in and sign-up.</summary>
/// <param name="Email">The email address.</param>
/// <param name="Password">The password.</param>
/// <param name="ReturnUrl">Where to go afterwards; honoured only when it is a local path.</param>
internal sealed record CredentialsRequest(string? Email, string? Password, string? ReturnUrl);

/// <summary>The JSON body of a password change.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">The new password.</param>
internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);
