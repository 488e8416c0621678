namespace AuthKit.Credentials;

/// <summary>The outcome of a credential check.</summary>
public enum CredentialStatus
{
    /// <summary>The email and password match a user.</summary>
    Succeeded = 0,

    /// <summary>The email is unknown or the password is wrong; the two are deliberately not told apart.</summary>
    InvalidCredentials = 1,

    /// <summary>Too many recent failures for this account or client; try again after <see cref="CredentialResult.RetryAfter"/>.</summary>
    Throttled = 2,

    /// <summary>The password hashing queue is full; the server is shedding load (HTTP 503).</summary>
    Overloaded = 3,
}
