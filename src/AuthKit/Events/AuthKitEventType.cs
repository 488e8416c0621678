namespace AuthKit.Events;

/// <summary>The security events AuthKit reports (ASVS 16.3.1, 16.3.2).</summary>
public enum AuthKitEventType
{
    /// <summary>A user signed in.</summary>
    SignInSucceeded = 0,

    /// <summary>A sign-in failed (unknown email or wrong password; not told apart).</summary>
    SignInFailed = 1,

    /// <summary>A sign-in was refused by throttling.</summary>
    SignInThrottled = 2,

    /// <summary>A user signed up.</summary>
    SignedUp = 3,

    /// <summary>A user signed out (the session was revoked).</summary>
    SignedOut = 4,

    /// <summary>Sessions were revoked (one by id, all, or all but the current one).</summary>
    SessionsRevoked = 5,

    /// <summary>A user changed their password; their other sessions ended.</summary>
    PasswordChanged = 6,

    /// <summary>A request was denied (401 or 403) by a route policy, the guard or an endpoint filter.</summary>
    AccessDenied = 7,

    /// <summary>A cross-site request with a session cookie was refused (CSRF).</summary>
    CrossSiteRequestRefused = 8,

    /// <summary>A user proved their address through a mailed link.</summary>
    EmailVerified = 9,

    /// <summary>A user reset a forgotten password through a mailed link; every session of theirs ended.</summary>
    PasswordReset = 10,

    /// <summary>A user asked to move their account to a new address (a link went to it, a notice to the old one).</summary>
    EmailChangeRequested = 11,

    /// <summary>A user's account moved to a new, confirmed address.</summary>
    EmailChanged = 12,

    /// <summary>A signed-in user proved their password again; the session is fresh.</summary>
    Reauthenticated = 13,

    /// <summary>A user turned a second factor on.</summary>
    TwoFactorEnabled = 14,

    /// <summary>A user turned the second factor off.</summary>
    TwoFactorDisabled = 15,

    /// <summary>A recovery code was used (to sign in, re-authenticate or disable the second factor).</summary>
    RecoveryCodeUsed = 16,

    /// <summary>A wrong second-factor code was entered (after a right password).</summary>
    SecondFactorFailed = 17,

    /// <summary>A user replaced their recovery codes.</summary>
    RecoveryCodesRegenerated = 18,

    /// <summary>A passkey was registered to the user's account.</summary>
    PasskeyAdded = 19,

    /// <summary>A passkey was removed from the user's account.</summary>
    PasskeyRemoved = 20,

    /// <summary>
    /// A passkey assertion was refused (bad signature, wrong origin or relying party, another user's credential, an unknown
    /// credential, a used or expired challenge). The user id is the credential's owner when AuthKit knows it.
    /// </summary>
    PasskeyFailed = 21,

    /// <summary>
    /// A passkey's signature counter went backwards or stood still: the authenticator may have been cloned. The assertion
    /// was refused; the passkey stays registered so the owner can look and remove it.
    /// </summary>
    PasskeySignCountRegressed = 22,

    /// <summary>A user signed in through an external provider (OpenID Connect, OAuth).</summary>
    ExternalSignIn = 23,

    /// <summary>An external login was linked to the user's account.</summary>
    LoginLinked = 24,

    /// <summary>An external login was unlinked from the user's account.</summary>
    LoginUnlinked = 25,

    /// <summary>An external sign-in failed (the provider refused or did not answer, the answer was invalid, or the linking rules refused it).</summary>
    ExternalSignInFailed = 26,
}
