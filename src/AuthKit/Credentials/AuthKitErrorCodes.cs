namespace AuthKit.Credentials;

/// <summary>The machine-readable codes of <see cref="AuthKitError"/>. They are part of the public contract.</summary>
public static class AuthKitErrorCodes
{
    /// <summary>The email address is not a valid address.</summary>
    public const string EmailInvalid = "email_invalid";

    /// <summary>An account with this email address already exists.</summary>
    public const string EmailTaken = "email_taken";

    /// <summary>The password is shorter than the minimum length.</summary>
    public const string PasswordTooShort = "password_too_short";

    /// <summary>The password is longer than the maximum length.</summary>
    public const string PasswordTooLong = "password_too_long";

    /// <summary>The password is on the list of common passwords.</summary>
    public const string PasswordCommon = "password_common";

    /// <summary>The current password given for a password change is not correct.</summary>
    public const string PasswordIncorrect = "password_incorrect";

    /// <summary>The password is not valid Unicode text (it holds a lone surrogate).</summary>
    public const string PasswordInvalid = "password_invalid";

    /// <summary>A one-time token (verification, reset or address-change link) is unknown, used, expired, or for something else.</summary>
    public const string TokenInvalid = "token_invalid";

    /// <summary>The password was right, but signing in needs a verified address (<c>AuthKit:Email:RequireVerified</c>).</summary>
    public const string EmailUnverified = "email_unverified";

    /// <summary>The action needs a fresh session: prove the password again (<c>POST …/reauthenticate</c>).</summary>
    public const string ReauthenticationRequired = "reauthentication_required";

    /// <summary>The new address is the account's current one.</summary>
    public const string EmailUnchanged = "email_unchanged";

    /// <summary>A second-factor code (TOTP or recovery code) is wrong, malformed or already used.</summary>
    public const string CodeInvalid = "code_invalid";

    /// <summary>The second step came too late, or without the first: sign in again.</summary>
    public const string SecondFactorExpired = "second_factor_expired";

    /// <summary>The second factor is on already (to change it, turn it off first).</summary>
    public const string TwoFactorEnabled = "two_factor_enabled";

    /// <summary>The second factor is off.</summary>
    public const string TwoFactorDisabled = "two_factor_disabled";

    /// <summary>The enrolment was not started, or started too long ago: start again.</summary>
    public const string SetupExpired = "setup_expired";

    /// <summary>The passkey answer was refused (not a registered passkey, another account's, a bad signature, origin or relying party, or a cloned authenticator).</summary>
    public const string PasskeyInvalid = "passkey_invalid";

    /// <summary>No passkey ceremony is under way in this browser: its challenge expired, was used, or was replaced by a newer one. Start again.</summary>
    public const string ChallengeExpired = "challenge_expired";

    /// <summary>This passkey is registered already.</summary>
    public const string PasskeyExists = "passkey_exists";

    /// <summary>The account has as many passkeys as it may have.</summary>
    public const string PasskeyLimit = "passkey_limit";

    /// <summary>A passkey name must be 1 to 64 characters without control characters.</summary>
    public const string PasskeyNameInvalid = "passkey_name_invalid";

    /// <summary>The account has no passkey to confirm with.</summary>
    public const string NoPasskeys = "no_passkeys";

    /// <summary>This is the account's last way to sign in: add another before removing it.</summary>
    public const string LastSignInMethod = "last_sign_in_method";

    /// <summary>The external provider refused, failed or did not answer, or its answer could not be verified.</summary>
    public const string ExternalFailed = "external_failed";

    /// <summary>An account with this address exists: sign in to it first, then link the provider from the security page.</summary>
    public const string LinkRequired = "link_required";

    /// <summary>The provider gave no email address, so no account can be created.</summary>
    public const string EmailRequired = "email_required";

    /// <summary>New accounts cannot be created through this provider.</summary>
    public const string SignUpDisabled = "signup_disabled";

    /// <summary>This provider's account is linked to another user already, or this user has a login of that provider.</summary>
    public const string LoginTaken = "login_taken";
}
