using System.Buffers.Text;
using AuthKit.Credentials;
using AuthKit.Sessions.Sealing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions;

/// <summary>
/// The default <see cref="ISessionManager"/>: cookies, sealing, expiry, renewal and the per-request memo are
/// shared; what differs between the kinds is delegated to the <see cref="ISessionBackend"/>.
/// </summary>
internal sealed partial class SessionManager : ISessionManager
{
    private readonly ISessionBackend _backend;
    private readonly SessionCookie _cookie;
    private readonly SessionTokenFormat _format;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionManager> _logger;

    public SessionManager(
        ISessionBackend backend,
        SessionCookie cookie,
        KeyRing keys,
        IOptions<AuthKitOptions> options,
        TimeProvider time,
        ILogger<SessionManager> logger)
    {
        _backend = backend;
        _cookie = cookie;
        _options = options.Value.Sessions;
        _format = new SessionTokenFormat(keys, backend.Purpose, cookie.Name);
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
            await _backend.RevokeAsync(previous, now, cancellationToken).ConfigureAwait(false);
        }

        await _backend.StoreAsync(ticket, Client(context), cancellationToken).ConfigureAwait(false);
        _cookie.Write(context, token, ticket.ExpiresAt);

        var session = ToSession(ticket);
        var state = State(context);
        state.Ticket = ticket;
        state.Verified = Task.FromResult<AuthSession?>(session);
        Log.SessionCreated(_logger, user.Id, _backend.Kind);
        return session;
    }

    public ValueTask<AuthSession?> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var state = State(context);
        var verified = state.Verified ??= VerifyAsync(context, state, cancellationToken);
        return verified.IsCompletedSuccessfully ? new ValueTask<AuthSession?>(verified.Result) : new ValueTask<AuthSession?>(verified);
    }

    public AuthSession? ReadCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryOpen(context, out var ticket, out _) && !ticket.IsExpired(_time.GetUtcNow()) ? ToSession(ticket) : null;
    }

    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        if (TryOpen(context, out var ticket, out _) && !ticket.IsExpired(now))
        {
            await _backend.RevokeAsync(ticket, now, cancellationToken).ConfigureAwait(false);
            Log.SessionRevoked(_logger, ticket.UserId);
        }

        _cookie.Delete(context);
        var state = State(context);
        state.Ticket = null;
        state.Verified = Task.FromResult<AuthSession?>(null);
    }

    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await _backend.RevokeAllAsync(userId, keep: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
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
        var reissued = await _backend.RevokeAllAsync(current.UserId, current, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (reissued is not null)
        {
            _cookie.Write(context, Seal(reissued), reissued.ExpiresAt);
            state.Ticket = reissued;
            state.Verified = Task.FromResult<AuthSession?>(ToSession(reissued));
        }

        Log.OtherSessionsRevoked(_logger, current.UserId);
        return true;
    }

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return _backend.ListAsync(userId, _time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var revoked = await _backend.RevokeByIdAsync(userId, sessionId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            Log.SessionRevoked(_logger, userId);
        }

        return revoked;
    }

    private async Task<AuthSession?> VerifyAsync(HttpContext context, SessionRequestState state, CancellationToken cancellationToken)
    {
        if (!TryOpen(context, out var ticket, out var olderKey))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (ticket.IsExpired(now))
        {
            Log.CookieRejected(_logger, "expired");
            return null;
        }

        var verified = await _backend.ValidateAsync(ticket, now, cancellationToken).ConfigureAwait(false);
        if (verified is null)
        {
            Log.CookieRejected(_logger, "revoked");
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
                await _backend.TouchAsync(verified, now, cancellationToken).ConfigureAwait(false);
            }

            if (!context.Response.HasStarted)
            {
                _cookie.Write(context, Seal(verified), verified.ExpiresAt);
            }
        }

        state.Ticket = verified;
        return ToSession(verified);
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

        Span<byte> plaintext = stackalloc byte[SessionTokenFormat.MaxPlaintextLength];
        var result = _format.TryUnprotect(token, plaintext, out var written);
        if (result is not (SessionTokenFormat.OpenResult.Opened or SessionTokenFormat.OpenResult.OpenedWithOlderKey))
        {
            Log.CookieRejected(_logger, result.ToString());
            return false;
        }

        var opened = SessionTicketSerializer.Deserialize(plaintext[..written]);
        plaintext[..written].Clear();
        if (opened is null)
        {
            Log.CookieRejected(_logger, "unreadable");
            return false;
        }

        ticket = opened;
        olderKey = result == SessionTokenFormat.OpenResult.OpenedWithOlderKey;
        return true;
    }

    private string Seal(SessionTicket ticket)
    {
        var plaintext = SessionTicketSerializer.Serialize(ticket);
        if (plaintext.Length > SessionTokenFormat.MaxPlaintextLength)
        {
            _cookie.EnsureFits(Base64Url.GetEncodedLength(plaintext.Length + SessionTokenFormat.Overhead));
        }

        try
        {
            return _format.Protect(plaintext);
        }
        finally
        {
            Array.Clear(plaintext);
        }
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

    private static SessionRequestState State(HttpContext context)
    {
        var state = context.Features.Get<SessionRequestState>();
        if (state is null)
        {
            state = new SessionRequestState();
            context.Features.Set(state);
        }

        return state;
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

        // Debug only, and never with the value: a rejected cookie is routine (expired, old key, garbage).
        [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Session cookie rejected: {Reason}.")]
        public static partial void CookieRejected(ILogger logger, string reason);
    }
}
