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

    /// <summary>Gets or sets the cookie value already opened in this request, with what it opened to.</summary>
    public string? OpenedToken { get; set; }

    /// <summary>Gets or sets the ticket <see cref="OpenedToken"/> opened to.</summary>
    public SessionTicket? OpenedTicket { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="OpenedToken"/> was sealed with an older key.</summary>
    public bool OpenedWithOlderKey { get; set; }

    public void Complete(AuthSession? session)
    {
        Session = session;
        Completed = true;
        Pending = null;
    }
}
