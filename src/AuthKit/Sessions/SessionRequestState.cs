namespace AuthKit.Sessions;

/// <summary>The per-request memo of the secure check, kept in <c>HttpContext.Features</c>.</summary>
internal sealed class SessionRequestState
{
    public Task<AuthSession?>? Verified { get; set; }

    /// <summary>Gets or sets the ticket behind <see cref="Verified"/>, for sign-out and re-issue.</summary>
    public SessionTicket? Ticket { get; set; }
}
