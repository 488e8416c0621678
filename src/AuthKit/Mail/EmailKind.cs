namespace AuthKit.Mail;

/// <summary>The messages AuthKit sends.</summary>
public enum EmailKind
{
    /// <summary>Confirm that an address belongs to the account holder (link).</summary>
    VerifyAddress = 0,

    /// <summary>Confirm the address of a sign-up, which creates the account (link; verification required).</summary>
    CompleteSignUp = 1,

    /// <summary>Someone tried to sign up with an address that already has an account (no link that acts).</summary>
    SignUpAttempted = 2,

    /// <summary>Reset a forgotten password (link).</summary>
    ResetPassword = 3,

    /// <summary>The password was changed or reset (notice).</summary>
    PasswordChanged = 4,

    /// <summary>Confirm a new address for an account (link, sent to the new address).</summary>
    ConfirmAddressChange = 5,

    /// <summary>A change of address was requested (notice, sent to the current address).</summary>
    AddressChangeRequested = 6,

    /// <summary>Someone asked to move another account to an address that already has one (notice, sent to that address).</summary>
    AddressInUse = 7,

    /// <summary>A second factor was turned on (notice).</summary>
    TwoFactorEnabled = 8,

    /// <summary>The second factor was turned off (notice).</summary>
    TwoFactorDisabled = 9,

    /// <summary>A recovery code was used (notice, with how many are left).</summary>
    RecoveryCodeUsed = 10,

    /// <summary>Someone who knew the password entered a wrong second-factor code (notice).</summary>
    SecondFactorFailed = 11,

    /// <summary>A notice: a passkey was added to the account.</summary>
    PasskeyAdded = 12,

    /// <summary>A notice: a passkey was removed from the account.</summary>
    PasskeyRemoved = 13,
}
