using AuthKit.Sessions;

namespace AuthKit.Endpoints;

/// <summary>The failed sign-in's body: one answer for unknown email and wrong password alike.</summary>
/// <param name="Error">The message.</param>
internal sealed record ErrorResponse(string Error);

/// <summary>The session as the login, sign-up and session endpoints answer it.</summary>
internal sealed record SessionResponse(string UserId, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt, string Kind, string? RedirectTo)
{
    public SessionResponse(AuthSession session, string? redirectTo)
        : this(session.UserId, session.Roles, session.ExpiresAt, session.Kind.ToString(), redirectTo)
    {
    }
}

/// <summary>One of the user's sessions in the session list.</summary>
internal sealed record SessionListEntry(string Id, bool Current, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset ExpiresAt, string? UserAgent, string? ClientIp);
