namespace AuthKit.Endpoints;

/// <summary>The JSON body of sign-in and sign-up.</summary>
/// <param name="Email">The email address.</param>
/// <param name="Password">The password.</param>
/// <param name="ReturnUrl">Where to go afterwards; honoured only when it is a local path.</param>
internal sealed record CredentialsRequest(string? Email, string? Password, string? ReturnUrl = null);

/// <summary>The JSON body of a password change.</summary>
/// <param name="CurrentPassword">The current password.</param>
/// <param name="NewPassword">The new password.</param>
internal sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

/// <summary>The JSON body of forgot-password and resend: one address.</summary>
/// <param name="Email">The email address.</param>
internal sealed record EmailRequest(string? Email);

/// <summary>The JSON body of a password reset.</summary>
/// <param name="Token">The token from the mailed link.</param>
/// <param name="NewPassword">The new password.</param>
internal sealed record ResetPasswordRequest(string? Token, string? NewPassword);

/// <summary>The JSON body that redeems a mailed link (verification, sign-up, address change).</summary>
/// <param name="Token">The token from the link.</param>
internal sealed record TokenRequest(string? Token);

/// <summary>The JSON body of an address change.</summary>
/// <param name="NewEmail">The new address.</param>
internal sealed record ChangeEmailRequest(string? NewEmail);

/// <summary>The JSON body of a re-authentication: the password, or (with a second factor) a code or a recovery code.</summary>
/// <param name="Password">The account's password.</param>
/// <param name="Code">A TOTP code.</param>
/// <param name="RecoveryCode">A recovery code.</param>
internal sealed record ReauthenticateRequest(string? Password = null, string? Code = null, string? RecoveryCode = null);

/// <summary>The JSON body of the second sign-in step.</summary>
/// <param name="Code">A TOTP code.</param>
/// <param name="RecoveryCode">A recovery code.</param>
/// <param name="RememberDevice">Trust this browser (when <c>TwoFactor:TrustDeviceFor</c> allows it).</param>
internal sealed record SecondFactorRequest(string? Code = null, string? RecoveryCode = null, bool RememberDevice = false);

/// <summary>The JSON body of the enrolment's confirmation and of disabling: one code.</summary>
/// <param name="Code">A TOTP code.</param>
/// <param name="RecoveryCode">A recovery code (disabling only).</param>
internal sealed record CodeRequest(string? Code = null, string? RecoveryCode = null);
