using AuthKit.Credentials;
using AuthKit.Diagnostics;
using AuthKit.Sessions.Sealing;
using AuthKit.Sessions.Stateless;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions;

/// <summary>
/// The default <see cref="ISessionManager"/>: cookies, sealing, expiry, renewal and the per-request memo are
/// shared; what differs between the kinds is delegated to the <see cref="ISessionBackend"/>.
/// </summary>
internal sealed partial class SessionManager : SessionRequestState, ISessionManager
{
    private readonly ISessionBackend _backend;
    private HttpContext? _stateContext;
    private readonly SessionCookie _cookie;
    private readonly IStatelessSessionFormat _format;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionManager> _logger;

    public SessionManager(
        ISessionBackend backend,
        SessionCookie cookie,
        IOptions<AuthKitOptions> options,
        TimeProvider time,
        ILogger<SessionManager> logger)
    {
        _backend = backend;
        _options = options.Value.Sessions;
        _cookie = cookie;
        _format = cookie.Format;
        _time = time;
        _logger = logger;
    }

    public SessionKind Kind => _backend.Kind;

    public async Task<AuthSession> CreateAsync(HttpContext context, IAuthKitUser user, IReadOnlyDictionary<string, string>? values = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);

        var now = _time.GetUtcNow();
        var absolute = now + _options.AbsoluteTimeout;
        var ticket = new SessionTicket(
            _backend.NewReference(),
            user.Id,
            [.. user.Roles],
            now,
            Min(now + _options.IdleTimeout, absolute),
            absolute,
            values is null || values.Count == 0 ? SessionTicket.NoValues : new Dictionary<string, string>(values, StringComparer.Ordinal));

        // Seal first: a session too large for a cookie fails before anything is stored.
        var token = Seal(ticket);
        _cookie.EnsureFits(token.Length);

        // A new sign-in always gets a new session; the one the request came with ends now (ASVS 7.2.4).
        if (TryOpen(context, out var previous, out _) && !previous.IsExpired(now))
        {
            await CallAuthorityAsync("revoke", () => _backend.RevokeAsync(previous, now, cancellationToken), cancellationToken).ConfigureAwait(false);
        }

        var client = Client(context);
        await CallAuthorityAsync("create", () => _backend.StoreAsync(ticket, client, cancellationToken), cancellationToken).ConfigureAwait(false);
        _cookie.Write(context, token, ticket.ExpiresAt);

        State(context).Complete(ticket);
        Log.SessionCreated(_logger, user.Id, _backend.Kind);
        return SessionOf(ticket);
    }

    public ValueTask<AuthSession?> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var verification = GetVerifiedTicketAsync(context, cancellationToken);
        return verification.IsCompletedSuccessfully
            ? new ValueTask<AuthSession?>(verification.Result is { } ticket ? SessionOf(ticket) : null)
            : AwaitSessionAsync(verification);
    }

    /// <summary>
    /// The secure check, memoised for the request, answering with the verified ticket: what the authentication
    /// handler needs to build the principal, without building the <see cref="AuthSession"/> too.
    /// </summary>
    internal ValueTask<SessionTicket?> GetVerifiedTicketAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var state = State(context);
        if (state.Completed)
        {
            return new ValueTask<SessionTicket?>(state.Ticket);
        }

        if (state.Pending is { } pending)
        {
            return new ValueTask<SessionTicket?>(pending);
        }

        // Usually completes at once (an in-memory revocation list, a cached key): then nothing is allocated for the memo.
        var verification = VerifyAsync(context, state, cancellationToken);
        if (verification.IsCompletedSuccessfully)
        {
            state.Complete(verification.Result);
            return new ValueTask<SessionTicket?>(verification.Result);
        }

        state.Pending = verification.AsTask();
        return new ValueTask<SessionTicket?>(state.Pending);
    }

    /// <summary>The public id of a verified ticket (the principal's session id claim).</summary>
    internal string PublicId(SessionTicket ticket) => _backend.PublicId(ticket);

    private async ValueTask<AuthSession?> AwaitSessionAsync(ValueTask<SessionTicket?> verification)
        => await verification.ConfigureAwait(false) is { } ticket ? SessionOf(ticket) : null;

    private AuthSession SessionOf(SessionTicket ticket) => ticket.SessionCache ??= ToSession(ticket);

    public AuthSession? ReadCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ReadTicket(context) is { } ticket ? SessionOf(ticket) : null;
    }

    /// <summary>The optimistic check's answer as the opened ticket, for the route policies (no <see cref="AuthSession"/> built).</summary>
    internal SessionTicket? ReadTicket(HttpContext context)
        => TryOpen(context, out var ticket, out _) && !ticket.IsExpired(_time.GetUtcNow()) ? ticket : null;

    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        if (TryOpen(context, out var ticket, out _) && !ticket.IsExpired(now))
        {
            await CallAuthorityAsync("revoke", () => _backend.RevokeAsync(ticket, now, cancellationToken), cancellationToken).ConfigureAwait(false);
            Log.SessionRevoked(_logger, ticket.UserId);
        }

        _cookie.Delete(context);
        State(context).Complete(null);
    }

    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = _time.GetUtcNow();
        await CallAuthorityAsync("revoke_all", () => _backend.RevokeAllAsync(userId, keep: null, now, cancellationToken), cancellationToken).ConfigureAwait(false);
        Log.AllSessionsRevoked(_logger, userId);
    }

    public async Task<bool> RevokeOthersAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await GetAsync(context, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var state = State(context);
        var current = state.Ticket!;
        var now = _time.GetUtcNow();
        var reissued = await CallAuthorityAsync("revoke_others", () => _backend.RevokeAllAsync(current.UserId, current, now, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (reissued is not null)
        {
            _cookie.Write(context, Seal(reissued), reissued.ExpiresAt);
            state.Complete(reissued);
        }

        Log.OtherSessionsRevoked(_logger, current.UserId);
        return true;
    }

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var now = _time.GetUtcNow();
        return CallAuthorityAsync("list", () => _backend.ListAsync(userId, now, cancellationToken), cancellationToken);
    }

    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var now = _time.GetUtcNow();
        var revoked = await CallAuthorityAsync("revoke_one", () => _backend.RevokeByIdAsync(userId, sessionId, now, cancellationToken), cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            Log.SessionRevoked(_logger, userId);
        }

        return revoked;
    }

    private async ValueTask<SessionTicket?> VerifyAsync(HttpContext context, SessionRequestState state, CancellationToken cancellationToken)
    {
        if (!TryOpen(context, out var ticket, out var olderKey))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (ticket.IsExpired(now))
        {
            Log.CookieRejected(_logger, "expired");
            DeleteDeadCookie(context);
            return null;
        }

        SessionTicket? verified;
        using (var activity = AuthKitActivities.StartSessionStore("validate", _backend.Kind))
        {
            try
            {
                var validation = _backend.ValidateAsync(ticket, now, cancellationToken);
                verified = validation.IsCompletedSuccessfully
                    ? validation.Result
                    : await validation.AsTask().WaitAsync(_options.StoreTimeout, _time, cancellationToken).ConfigureAwait(false);
                activity?.SetTag("authkit.session.found", verified is not null);
            }
            catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
            {
                AuthKitActivities.Failed(activity, ex);
                throw Unavailable(ex);
            }
        }

        if (verified is null)
        {
            Log.CookieRejected(_logger, "revoked");
            DeleteDeadCookie(context);
            return null;
        }

        // Renew only when less than half the idle window remains (so at most one write per half window),
        // never past the absolute limit; a cookie sealed with an older key is re-sealed with the current one.
        var renewable = verified.IdleExpiresAt < verified.AbsoluteExpiresAt
            && verified.IdleExpiresAt - now < _options.IdleTimeout / 2;
        if (renewable || olderKey)
        {
            verified = verified with { IdleExpiresAt = Min(now + _options.IdleTimeout, verified.AbsoluteExpiresAt) };
            if (renewable)
            {
                var touched = verified;
                await CallAuthorityAsync("touch", () => _backend.TouchAsync(touched, now, cancellationToken), cancellationToken).ConfigureAwait(false);
            }

            if (!context.Response.HasStarted)
            {
                _cookie.Write(context, Seal(verified), verified.ExpiresAt);
            }
        }

        state.Ticket = verified;
        return verified;
    }

    private async Task<T> CallAuthorityAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = AuthKitActivities.StartSessionStore(operation, _backend.Kind);
        try
        {
            return await call().WaitAsync(_options.StoreTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
        {
            AuthKitActivities.Failed(activity, ex);
            throw Unavailable(ex);
        }
    }

    private async Task CallAuthorityAsync(string operation, Func<Task> call, CancellationToken cancellationToken)
    {
        using var activity = AuthKitActivities.StartSessionStore(operation, _backend.Kind);
        try
        {
            await call().WaitAsync(_options.StoreTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
        {
            AuthKitActivities.Failed(activity, ex);
            throw Unavailable(ex);
        }
    }

    // Anything but the caller's own cancellation (and the stateless kind's NotSupportedException) means the
    // authority could not answer: fail closed.
    private static bool IsAuthorityFailure(Exception ex, CancellationToken cancellationToken)
        => ex is not NotSupportedException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private SessionStoreUnavailableException Unavailable(Exception ex)
    {
        if (ex is SessionStoreUnavailableException unavailable)
        {
            return unavailable;
        }

        Log.StoreUnavailable(_logger, _backend.Kind, ex);
        return new SessionStoreUnavailableException(
            ex is TimeoutException
                ? $"The session store did not answer within {_options.StoreTimeout.TotalSeconds:0.#} s."
                : "The session store failed; the request is treated as not signed in.",
            ex);
    }

    private bool TryOpen(HttpContext context, out SessionTicket ticket, out bool olderKey)
    {
        ticket = null!;
        olderKey = false;
        var token = _cookie.Read(context);
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        // The route policies' optimistic check and the secure check both open the cookie: decrypt it once per request.
        var state = State(context);
        if (state.OpenedToken is { } openedToken && string.Equals(openedToken, token, StringComparison.Ordinal))
        {
            ticket = state.OpenedTicket!;
            olderKey = state.OpenedWithOlderKey;
            return true;
        }

        if (!TryOpenToken(token, out ticket, out olderKey))
        {
            return false;
        }

        state.OpenedToken = token;
        state.OpenedTicket = ticket;
        state.OpenedWithOlderKey = olderKey;
        return true;
    }

    private bool TryOpenToken(string token, out SessionTicket ticket, out bool olderKey)
    {
        ticket = null!;
        if (_format is SealedSessionFormat sealedFormat)
        {
            if (sealedFormat.TryOpenTicket(token, out var opened, out olderKey))
            {
                ticket = opened;
                return true;
            }
        }
        else if (_format.TryOpen(token, out var payload, out olderKey))
        {
            ticket = SessionTicket.FromPayload(payload);
            return true;
        }

        Log.CookieRejected(_logger, "unreadable");
        return false;
    }

    /// <summary>
    /// Deletes a cookie whose session the authority has ended (expired or revoked), so the optimistic check stops
    /// trusting it: otherwise a public-only page (login) and a protected page would redirect to each other.
    /// Cookies that merely cannot be opened here (a key this instance lacks during a rolling rotation) are kept.
    /// </summary>
    private void DeleteDeadCookie(HttpContext context)
    {
        if (!context.Response.HasStarted)
        {
            _cookie.Delete(context);
        }
    }

    /// <summary>Seals the request's session again, for the seal benchmark only.</summary>
    internal string SealForBenchmark(HttpContext context)
        => TryOpen(context, out var ticket, out _) ? Seal(ticket) : throw new InvalidOperationException("No session cookie.");

    private string Seal(SessionTicket ticket)
    {
        var token = _format.Seal(ticket.ToPayload());
        _cookie.EnsureFits(token.Length);
        return token;
    }

    private AuthSession ToSession(SessionTicket ticket) => new(
        _backend.PublicId(ticket),
        _backend.Kind,
        ticket.UserId,
        ticket.Roles,
        ticket.IssuedAt,
        ticket.IdleExpiresAt,
        ticket.AbsoluteExpiresAt,
        ticket.Values);

    /// <summary>
    /// The memo for <paramref name="context"/>. It is this scoped manager itself (one per request): not the
    /// request's feature collection, which would allocate a dictionary, and not a separate object either.
    /// </summary>
    private SessionRequestState State(HttpContext context)
    {
        if (!ReferenceEquals(_stateContext, context))
        {
            _stateContext = context;
            Reset();
        }

        return this;
    }

    private static SessionClientInfo Client(HttpContext context)
    {
        var agent = context.Request.Headers.UserAgent.ToString();
        return new SessionClientInfo(
            agent.Length == 0 ? null : agent[..Math.Min(agent.Length, 512)],
            context.Connection.RemoteIpAddress?.ToString());
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Session created for user {UserId} ({Kind}).")]
        public static partial void SessionCreated(ILogger logger, string userId, SessionKind kind);

        [LoggerMessage(EventId = 2102, Level = LogLevel.Information, Message = "Session of user {UserId} revoked.")]
        public static partial void SessionRevoked(ILogger logger, string userId);

        [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "All sessions of user {UserId} revoked.")]
        public static partial void AllSessionsRevoked(ILogger logger, string userId);

        [LoggerMessage(EventId = 2104, Level = LogLevel.Information, Message = "Other sessions of user {UserId} revoked.")]
        public static partial void OtherSessionsRevoked(ILogger logger, string userId);

        [LoggerMessage(EventId = 2106, Level = LogLevel.Error, Message = "The {Kind} session store is unavailable; secure checks deny until it answers again.")]
        public static partial void StoreUnavailable(ILogger logger, SessionKind kind, Exception exception);

        // Debug only, and never with the value: a rejected cookie is routine (expired, old key, garbage).
        [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Session cookie rejected: {Reason}.")]
        public static partial void CookieRejected(ILogger logger, string reason);
    }
}
