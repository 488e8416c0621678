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
}
