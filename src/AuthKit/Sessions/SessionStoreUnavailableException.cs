namespace AuthKit.Sessions;

/// <summary>
/// The session authority (store or revocation list) could not be reached or did not answer in time. AuthKit
/// fails closed: the request is not authenticated, and APIs answer 503 (ASVS 16.5.3).
/// </summary>
public sealed class SessionStoreUnavailableException : Exception
{
    /// <summary>Initialises the exception.</summary>
    public SessionStoreUnavailableException()
        : base("The session store is unavailable.")
    {
    }

    /// <summary>Initialises the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SessionStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises the exception with a message and its cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The store's exception.</param>
    public SessionStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
