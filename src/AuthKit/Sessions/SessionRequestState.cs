namespace AuthKit.Sessions;

/// <summary>
/// The memo of one request's secure check. The request's (scoped) session manager derives from it, so keeping
/// the memo allocates nothing.
/// </summary>
internal abstract class SessionRequestState
{
    /// <summary>Gets or sets the pending check when it did not complete at once.</summary>
    public Task<SessionTicket?>? Pending { get; set; }

    /// <summary>Gets a value indicating whether <see cref="Ticket"/> holds the answer.</summary>
    public bool Completed { get; private set; }

    /// <summary>
    /// Gets or sets the verified ticket (<see langword="null"/>: no session), the answer once <see cref="Completed"/>;
    /// also used for sign-out and re-issue. Its <see cref="AuthSession"/> is built only when asked for.
    /// </summary>
    public SessionTicket? Ticket { get; set; }

    /// <summary>Gets or sets the cookie value already opened in this request, with what it opened to.</summary>
    public string? OpenedToken { get; set; }

    /// <summary>Gets or sets the ticket <see cref="OpenedToken"/> opened to.</summary>
    public SessionTicket? OpenedTicket { get; set; }

    /// <summary>Gets or sets a value indicating whether <see cref="OpenedToken"/> was sealed with an older key.</summary>
    public bool OpenedWithOlderKey { get; set; }

    /// <summary>Forgets everything (another request's context).</summary>
    protected void Reset()
    {
        Pending = null;
        Completed = false;
        Ticket = null;
        OpenedToken = null;
        OpenedTicket = null;
        OpenedWithOlderKey = false;
    }

    public void Complete(SessionTicket? verified)
    {
        Ticket = verified;
        Completed = true;
        Pending = null;
    }
}
