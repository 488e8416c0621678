using System.Text.Json.Serialization;
using AuthKit.Sessions;

namespace AuthKit.Endpoints;

/// <summary>The failed sign-in's body: one answer for unknown email and wrong password alike.</summary>
/// <param name="Error">The message.</param>
internal sealed record ErrorResponse(string Error);

/// <summary>The session as the login, sign-up and session endpoints answer it.</summary>
/// <remarks><c>emailVerified</c> is present only with <c>AddEmailVerification()</c>.</remarks>
internal sealed record SessionResponse(
    string UserId,
    IReadOnlyList<string> Roles,
    DateTimeOffset ExpiresAt,
    string Kind,
    string? RedirectTo,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? EmailVerified = null)
{
    public SessionResponse(AuthSession session, string? redirectTo, bool? emailVerified = null)
        : this(session.UserId, session.Roles, session.ExpiresAt, session.Kind.ToString(), redirectTo, emailVerified)
    {
    }
}

/// <summary>
/// The answer to requests that may cause mail (forgot password, resend, sign-up with verification required): the same
/// for every address, known or not, throttled or not.
/// </summary>
/// <param name="Message">What the user should do next.</param>
internal sealed record AcceptedResponse(string Message);

/// <summary>One of the user's sessions in the session list.</summary>
internal sealed record SessionListEntry(string Id, bool Current, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientIp);
