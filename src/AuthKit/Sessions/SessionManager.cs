using AuthKit.Credentials;
using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions;

/// <summary>
/// The default <see cref="ISessionManager"/>: sessions created, read, revoked and listed through the request's
/// <see cref="SessionCheck"/>, the kind's <see cref="SessionAuthority"/> and the <see cref="SessionCookie"/>.
/// </summary>
internal sealed partial class SessionManager : ISessionManager
{
    private readonly SessionCheck _check;
    private readonly SessionAuthority _authority;
    private readonly SessionCookie _cookie;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionManager> _logger;

    public SessionManager(SessionCheck check, SessionAuthority authority, SessionCookie cookie, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<SessionManager> logger)
    {
        _check = check;
        _authority = authority;
        _cookie = cookie;
        _options = options.Value.Sessions;
        _time = time;
        _logger = logger;
    }

    public SessionKind Kind => _authority.Kind;

    public async Task<AuthSession> CreateAsync(HttpContext context, IAuthKitUser user, IReadOnlyDictionary<string, string>? values = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(user);

        var now = _time.GetUtcNow();
        var absolute = now + _options.AbsoluteTimeout;
        var session = new SessionCookiePayload(
            _authority.Backend.NewReference(),
            user.Id,
            [.. user.Roles],
            now,
            Min(now + _options.IdleTimeout, absolute),
            absolute,
            values is null || values.Count == 0 ? SessionCookiePayload.NoValues : new Dictionary<string, string>(values, StringComparer.Ordinal));

        // Seal first: a session too large for a cookie fails before anything is stored.
        var cookie = _cookie.Seal(session);

        // A new sign-in always gets a new session; the one the request came with ends now (ASVS 7.2.4).
        if (_check.TryOpen(context, out var previous, out _) && !previous.IsExpired(now))
        {
            await _authority.RevokeAsync(previous, now, cancellationToken).ConfigureAwait(false);
        }

        await _authority.StoreAsync(session, Client(context), cancellationToken).ConfigureAwait(false);
        _cookie.Write(context, cookie, session.ExpiresAt);
        _check.Complete(context, session);
        Log.SessionCreated(_logger, user.Id, _authority.Kind);
        return _check.SessionOf(session);
    }

    public ValueTask<AuthSession?> GetAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _check.GetSessionAsync(context, cancellationToken);
    }

    public AuthSession? ReadCookie(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return _check.ReadCookie(context) is { } session ? _check.SessionOf(session) : null;
    }

    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var now = _time.GetUtcNow();
        if (_check.TryOpen(context, out var session, out _) && !session.IsExpired(now))
        {
            await _authority.RevokeAsync(session, now, cancellationToken).ConfigureAwait(false);
            Log.SessionRevoked(_logger, session.UserId);
        }

        _cookie.Delete(context);
        _check.Complete(context, null);
    }

    public async Task RevokeAllAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        await _authority.RevokeAllAsync("revoke_all", userId, keep: null, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        Log.AllSessionsRevoked(_logger, userId);
    }

    public async Task<bool> RevokeOthersAsync(HttpContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await _check.VerifyAsync(context, cancellationToken).ConfigureAwait(false) is not { } current)
        {
            return false;
        }

        var reissued = await _authority.RevokeAllAsync("revoke_others", current.UserId, current, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (reissued is not null)
        {
            _cookie.Write(context, _cookie.Seal(reissued), reissued.ExpiresAt);
            _check.Complete(context, reissued);
        }

        Log.OtherSessionsRevoked(_logger, current.UserId);
        return true;
    }

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        return _authority.ListAsync(userId, _time.GetUtcNow(), cancellationToken);
    }

    public async Task<bool> RevokeAsync(string userId, string sessionId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentException.ThrowIfNullOrEmpty(sessionId);
        var revoked = await _authority.RevokeByIdAsync(userId, sessionId, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (revoked)
        {
            Log.SessionRevoked(_logger, userId);
        }

        return revoked;
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
    }
}
