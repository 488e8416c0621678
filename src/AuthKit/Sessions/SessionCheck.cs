using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions;

/// <summary>
/// A request's session checks: the cookie opened once for the optimistic check, the secure check run once against the
/// authority (memoised), renewal when due, and what a sign-in or sign-out changed meanwhile. The authentication
/// middleware, the route policies, the endpoint filters, the guard and <see cref="SessionManager"/> all go through it,
/// so every check of a request sees the same session.
/// </summary>
/// <remarks>
/// A singleton: the memo of a request lives on the request itself (a request feature), created only for a request that
/// carries the cookie or changes its session. A request without the cookie costs a header lookup and nothing else;
/// no DI scope is needed on the request path.
/// </remarks>
internal sealed partial class SessionCheck
{
    private readonly SessionCookie _cookie;
    private readonly SessionAuthority _authority;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionCheck> _logger;

    public SessionCheck(SessionCookie cookie, SessionAuthority authority, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<SessionCheck> logger)
    {
        _cookie = cookie;
        _authority = authority;
        _options = options.Value.Sessions;
        _time = time;
        _logger = logger;
    }

    public SessionKind Kind => _authority.Kind;

    /// <summary>The optimistic check: the session as the cookie states it (opened and unexpired), without asking the authority.</summary>
    public SessionCookiePayload? ReadCookie(HttpContext context)
        => TryOpen(context, out var session, out _) && !session.IsExpired(_time.GetUtcNow()) ? session : null;

    /// <summary>The secure check, memoised for the request: the cookie's session as the authority confirms it, renewed when due.</summary>
    public ValueTask<SessionCookiePayload?> VerifyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (Memo(context, create: false) is not { } memo)
        {
            // No cookie and no session made by this request: nothing to check, nothing to remember.
            if (!_cookie.IsPresent(context))
            {
                return default;
            }

            memo = Memo(context, create: true)!;
        }

        if (memo.Verified)
        {
            return new ValueTask<SessionCookiePayload?>(memo.Session);
        }

        if (memo.Pending is { } pending)
        {
            return new ValueTask<SessionCookiePayload?>(pending);
        }

        // Usually completes at once (an in-memory revocation list, a SQLite read): then no task is allocated.
        var verification = VerifyCoreAsync(context, cancellationToken);
        if (verification.IsCompletedSuccessfully)
        {
            memo.Complete(verification.Result);
            return new ValueTask<SessionCookiePayload?>(verification.Result);
        }

        memo.Pending = verification.AsTask();
        return new ValueTask<SessionCookiePayload?>(memo.Pending);
    }

    /// <summary>The secure check's answer as the public <see cref="AuthSession"/> (built once, and only when asked for).</summary>
    public ValueTask<AuthSession?> GetSessionAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var verification = VerifyAsync(context, cancellationToken);
        return verification.IsCompletedSuccessfully
            ? new ValueTask<AuthSession?>(verification.Result is { } session ? SessionOf(session) : null)
            : AwaitAsync(verification);

        async ValueTask<AuthSession?> AwaitAsync(ValueTask<SessionCookiePayload?> pending)
            => await pending.ConfigureAwait(false) is { } session ? SessionOf(session) : null;
    }

    /// <summary>The public id of a session (the principal's session id claim): never the secret token.</summary>
    public string PublicId(SessionCookiePayload session) => _authority.Backend.PublicId(session);

    /// <summary>The public view of a session, built once per payload.</summary>
    public AuthSession SessionOf(SessionCookiePayload session) => session.SessionCache ??= new AuthSession(
        PublicId(session),
        _authority.Kind,
        session.UserId,
        session.Roles,
        session.IssuedAt,
        session.IdleExpiresAt,
        session.AbsoluteExpiresAt,
        session.Values);

    /// <summary>Records what the request's session now is (after a sign-in, a sign-out or a re-issue): later checks see it.</summary>
    public void Complete(HttpContext context, SessionCookiePayload? session) => Memo(context, create: true)!.Complete(session);

    /// <summary>Opens the request's cookie, once per request (the optimistic and the secure check both need it).</summary>
    public bool TryOpen(HttpContext context, out SessionCookiePayload session, out bool olderKey)
    {
        session = null!;
        olderKey = false;
        var memo = Memo(context, create: false);
        if (memo is { CookieRead: true })
        {
            session = memo.Opened!;
            olderKey = memo.OpenedWithOlderKey;
            return session is not null;
        }

        if (!_cookie.TryRead(context, out var value))
        {
            return false;
        }

        memo ??= Memo(context, create: true)!;
        memo.CookieRead = true;
        if (!_cookie.Format.TryOpen(value, out var opened, out olderKey))
        {
            Log.CookieRejected(_logger, "unreadable");
            return false;
        }

        memo.Opened = session = opened;
        memo.OpenedWithOlderKey = olderKey;
        return true;
    }

    private async ValueTask<SessionCookiePayload?> VerifyCoreAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (!TryOpen(context, out var opened, out var olderKey))
        {
            return null;
        }

        var now = _time.GetUtcNow();
        if (opened.IsExpired(now))
        {
            Log.CookieRejected(_logger, "expired");
            DeleteDeadCookie(context);
            return null;
        }

        var verified = await _authority.ValidateAsync(opened, now, cancellationToken).ConfigureAwait(false);
        if (verified is null)
        {
            Log.CookieRejected(_logger, "revoked");
            DeleteDeadCookie(context);
            return null;
        }

        // Renew only when less than half the idle window remains (so at most one write per half window), never past
        // the absolute limit; a cookie sealed with an older key is sealed again with the current one.
        var renewable = verified.IdleExpiresAt < verified.AbsoluteExpiresAt
            && verified.IdleExpiresAt - now < _options.IdleTimeout / 2;
        if (renewable || olderKey)
        {
            verified = verified.With(idleExpiresAt: Min(now + _options.IdleTimeout, verified.AbsoluteExpiresAt));
            if (renewable)
            {
                await _authority.TouchAsync(verified, now, cancellationToken).ConfigureAwait(false);
            }

            if (!context.Response.HasStarted)
            {
                _cookie.Write(context, _cookie.Seal(verified), verified.ExpiresAt);
            }
        }

        return verified;
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

    private static RequestMemo? Memo(HttpContext context, bool create)
    {
        var memo = context.Features.Get<RequestMemo>();
        if (memo is null && create)
        {
            memo = new RequestMemo();
            context.Features.Set(memo);
        }

        return memo;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>What one request learned about its session: the cookie it opened, and the secure check's answer.</summary>
    private sealed class RequestMemo
    {
        /// <summary>Gets or sets a value indicating whether the request's cookie was read (and <see cref="Opened"/> is what it opened to, if anything).</summary>
        public bool CookieRead { get; set; }

        public SessionCookiePayload? Opened { get; set; }

        public bool OpenedWithOlderKey { get; set; }

        public bool Verified { get; private set; }

        public SessionCookiePayload? Session { get; private set; }

        public Task<SessionCookiePayload?>? Pending { get; set; }

        public void Complete(SessionCookiePayload? session)
        {
            Session = session;
            Verified = true;
            Pending = null;
        }
    }

    private static partial class Log
    {
        // Debug only, and never with the value: a rejected cookie is routine (expired, old key, garbage).
        [LoggerMessage(EventId = 2105, Level = LogLevel.Debug, Message = "Session cookie rejected: {Reason}.")]
        public static partial void CookieRejected(ILogger logger, string reason);
    }
}
