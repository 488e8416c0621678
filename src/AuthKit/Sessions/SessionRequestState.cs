namespace AuthKit.Sessions;

/// <summary>The memo of one request's secure check, held by the request's (scoped) session manager.</summary>
internal sealed class SessionRequestState
{
    /// <summary>Gets or sets the pending check when it did not complete at once.</summary>
    public Task<AuthSession?>? Pending { get; set; }

    /// <summary>Gets a value indicating whether <see cref="Session"/> holds the answer.</summary>
    public bool Completed { get; private set; }

    /// <summary>Gets the verified session (or <see langword="null"/>) once <see cref="Completed"/>.</summary>
    public AuthSession? Session { get; private set; }

    /// <summary>Gets or sets the ticket behind the answer, for sign-out and re-issue.</summary>
    public SessionTicket? Ticket { get; set; }

    public void Complete(AuthSession? session)
    {
        Session = session;
        Completed = true;
        Pending = null;
    }
}
