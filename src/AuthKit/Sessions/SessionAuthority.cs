using AuthKit.Diagnostics;
using AuthKit.Sessions.Cookies;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions;

/// <summary>
/// The session kind's authority (the revocation list or the session store) behind a fail-closed door: every call is
/// traced, bounded by <see cref="SessionOptions.StoreTimeout"/>, and a store that throws or does not answer in time
/// becomes <see cref="SessionStoreUnavailableException"/>, which denies the request (HTTP 503), never allows it.
/// </summary>
internal sealed partial class SessionAuthority
{
    private readonly ISessionBackend _backend;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionAuthority> _logger;

    public SessionAuthority(ISessionBackend backend, IOptions<AuthKitOptions> options, TimeProvider time, ILogger<SessionAuthority> logger)
    {
        _backend = backend;
        _timeout = options.Value.Sessions.StoreTimeout;
        _time = time;
        _logger = logger;
    }

    public SessionKind Kind => _backend.Kind;

    public ISessionBackend Backend => _backend;

    /// <summary>The secure check of one session. Completes at once (no allocation) when the backend does.</summary>
    public ValueTask<SessionCookiePayload?> ValidateAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var activity = AuthKitActivities.StartSessionStore("validate", _backend.Kind);
        ValueTask<SessionCookiePayload?> validation;
        try
        {
            validation = _backend.ValidateAsync(session, now, cancellationToken);
        }
        catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
        {
            var unavailable = Unavailable(ex, activity);
            activity?.Dispose();
            throw unavailable;
        }

        if (validation.IsCompletedSuccessfully)
        {
            var result = validation.Result;
            activity?.SetTag("authkit.session.found", result is not null);
            activity?.Dispose();
            return new ValueTask<SessionCookiePayload?>(result);
        }

        return AwaitAsync(validation.AsTask(), activity, cancellationToken);
    }

    public Task StoreAsync(SessionCookiePayload session, SessionClientInfo client, CancellationToken cancellationToken)
        => CallAsync("create", () => _backend.StoreAsync(session, client, cancellationToken), cancellationToken);

    public Task TouchAsync(SessionCookiePayload renewed, DateTimeOffset now, CancellationToken cancellationToken)
        => CallAsync("touch", () => _backend.TouchAsync(renewed, now, cancellationToken), cancellationToken);

    public Task RevokeAsync(SessionCookiePayload session, DateTimeOffset now, CancellationToken cancellationToken)
        => CallAsync("revoke", () => _backend.RevokeAsync(session, now, cancellationToken), cancellationToken);

    public Task<SessionCookiePayload?> RevokeAllAsync(string operation, string userId, SessionCookiePayload? keep, DateTimeOffset now, CancellationToken cancellationToken)
        => CallAsync(operation, () => _backend.RevokeAllAsync(userId, keep, now, cancellationToken), cancellationToken);

    public Task<IReadOnlyList<SessionInfo>> ListAsync(string userId, DateTimeOffset now, CancellationToken cancellationToken)
        => CallAsync("list", () => _backend.ListAsync(userId, now, cancellationToken), cancellationToken);

    public Task<bool> RevokeByIdAsync(string userId, string sessionId, DateTimeOffset now, CancellationToken cancellationToken)
        => CallAsync("revoke_one", () => _backend.RevokeByIdAsync(userId, sessionId, now, cancellationToken), cancellationToken);

    private async Task CallAsync(string operation, Func<Task> call, CancellationToken cancellationToken)
        => await CallAsync(operation, async () =>
        {
            await call().ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    private async Task<T> CallAsync<T>(string operation, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        using var activity = AuthKitActivities.StartSessionStore(operation, _backend.Kind);
        try
        {
            return await call().WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
        {
            throw Unavailable(ex, activity);
        }
    }

    private async ValueTask<SessionCookiePayload?> AwaitAsync(Task<SessionCookiePayload?> validation, System.Diagnostics.Activity? activity, CancellationToken cancellationToken)
    {
        using (activity)
        {
            try
            {
                var result = await validation.WaitAsync(_timeout, _time, cancellationToken).ConfigureAwait(false);
                activity?.SetTag("authkit.session.found", result is not null);
                return result;
            }
            catch (Exception ex) when (IsAuthorityFailure(ex, cancellationToken))
            {
                throw Unavailable(ex, activity);
            }
        }
    }

    // Anything but the caller's own cancellation (and the stateless kind's NotSupportedException) means the
    // authority could not answer: fail closed.
    private static bool IsAuthorityFailure(Exception ex, CancellationToken cancellationToken)
        => ex is not NotSupportedException && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private SessionStoreUnavailableException Unavailable(Exception ex, System.Diagnostics.Activity? activity)
    {
        AuthKitActivities.Failed(activity, ex);
        if (ex is SessionStoreUnavailableException unavailable)
        {
            return unavailable;
        }

        Log.StoreUnavailable(_logger, _backend.Kind, ex);
        return new SessionStoreUnavailableException(
            ex is TimeoutException
                ? $"The session store did not answer within {_timeout.TotalSeconds:0.#} s."
                : "The session store failed; the request is treated as not signed in.",
            ex);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2106, Level = LogLevel.Error, Message = "The {Kind} session store is unavailable; secure checks deny until it answers again.")]
        public static partial void StoreUnavailable(ILogger logger, SessionKind kind, Exception exception);
    }
}
