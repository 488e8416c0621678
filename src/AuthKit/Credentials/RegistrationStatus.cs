namespace AuthKit.Credentials;

/// <summary>The outcome of a sign-up.</summary>
public enum RegistrationStatus
{
    /// <summary>The user was created.</summary>
    Succeeded = 0,

    /// <summary>The email or password was refused; <see cref="RegistrationResult.Errors"/> says why.</summary>
    Refused = 1,

    /// <summary>The password hashing queue is full; the server is shedding load (HTTP 503).</summary>
    Overloaded = 2,
}
