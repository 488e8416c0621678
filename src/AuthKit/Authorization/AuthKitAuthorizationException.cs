using Microsoft.AspNetCore.Http;

namespace AuthKit.Authorization;

/// <summary>
/// Thrown by <see cref="IAuthGuard"/> when a secure check fails. The AuthKit middleware (<c>app.UseAuthKit()</c>)
/// turns it into 401/403 problem details for APIs, or a login redirect / 403 page for pages — never a 500.
/// </summary>
public sealed class AuthKitAuthorizationException : Exception
{
    /// <summary>Initialises the exception.</summary>
    public AuthKitAuthorizationException()
        : this(StatusCodes.Status401Unauthorized, "Sign-in required.")
    {
    }

    /// <summary>Initialises the exception with a message (401).</summary>
    /// <param name="message">The message.</param>
    public AuthKitAuthorizationException(string message)
        : this(StatusCodes.Status401Unauthorized, message)
    {
    }

    /// <summary>Initialises the exception with a message and a cause (401).</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public AuthKitAuthorizationException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = StatusCodes.Status401Unauthorized;
    }

    /// <summary>Initialises the exception with a status code (401 or 403) and a message.</summary>
    /// <param name="statusCode">401 (no session) or 403 (not allowed).</param>
    /// <param name="message">The message.</param>
    public AuthKitAuthorizationException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>Initialises the exception with a status code, a message and a machine-readable reason.</summary>
    /// <param name="statusCode">401 (no session) or 403 (not allowed).</param>
    /// <param name="message">The message.</param>
    /// <param name="errorCode">The reason a front end can act on (for example <c>reauthentication_required</c>), in the problem's <c>errors[].code</c>.</param>
    public AuthKitAuthorizationException(int statusCode, string message, string errorCode)
        : base(message)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the HTTP status: 401 without a session, 403 without the right.</summary>
    public int StatusCode { get; }

    /// <summary>Gets the machine-readable reason, or <see langword="null"/>.</summary>
    public string? ErrorCode { get; }
}
