namespace AuthKit.Mapping;

/// <summary>Thrown in Development when a member marked <see cref="SecretAttribute"/> is about to be serialised to JSON.</summary>
public sealed class SecretSerializationException : InvalidOperationException
{
    /// <summary>Initialises the exception.</summary>
    public SecretSerializationException()
        : base("A secret member was about to be serialised.")
    {
    }

    /// <summary>Initialises the exception with a message.</summary>
    /// <param name="message">The message.</param>
    public SecretSerializationException(string message)
        : base(message)
    {
    }

    /// <summary>Initialises the exception with a message and a cause.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SecretSerializationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
