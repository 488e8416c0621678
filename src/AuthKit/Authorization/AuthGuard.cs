using AuthKit.Accounts;
using AuthKit.Credentials;
using AuthKit.Mapping;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuthKit.Authorization;

/// <summary>The default <see cref="IAuthGuard"/>, scoped to the request.</summary>
internal sealed class AuthGuard : IAuthGuard
{
    private readonly IHttpContextAccessor _http;
    private readonly SessionCheck _session;
    private readonly IUserStore _users;
    private readonly SessionOptions _options;
    private readonly TimeProvider _time;
    private IAuthKitUser? _user;

    public AuthGuard(IHttpContextAccessor http, SessionCheck session, IUserStore users, IOptions<AuthKitOptions> options, TimeProvider time)
    {
        _http = http;
        _session = session;
        _users = users;
        _options = options.Value.Sessions;
        _time = time;
    }

    private HttpContext Context => _http.HttpContext
        ?? throw new InvalidOperationException("IAuthGuard is used outside an HTTP request.");

    // The request's secure check, memoised: the same one the authentication handler ran.
    public ValueTask<AuthSession?> GetSessionAsync(CancellationToken cancellationToken = default)
        => _session.GetSessionAsync(Context, cancellationToken);

    public async ValueTask<AuthSession> RequireSessionAsync(CancellationToken cancellationToken = default)
        => await GetSessionAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new AuthKitAuthorizationException(StatusCodes.Status401Unauthorized, "Sign-in required.");

    public async ValueTask<AuthSession> RequireFreshSessionAsync(TimeSpan? maxAge = null, CancellationToken cancellationToken = default)
    {
        var session = await RequireSessionAsync(cancellationToken).ConfigureAwait(false);
        return Freshness.IsFresh(session, _options, _time.GetUtcNow(), maxAge)
            ? session
            : throw new AuthKitAuthorizationException(StatusCodes.Status403Forbidden, Freshness.Required.Description, Freshness.Required.Code);
    }

    public async ValueTask<AuthSession> RequireRoleAsync(string role, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(role);
        var session = await RequireSessionAsync(cancellationToken).ConfigureAwait(false);
        var user = await GetUserAsync(cancellationToken).ConfigureAwait(false);
        return user.Roles.Contains(role, StringComparer.Ordinal)
            ? session
            : throw new AuthKitAuthorizationException(StatusCodes.Status403Forbidden, $"The role \"{role}\" is required.");
    }

    public async ValueTask<IAuthKitUser> GetUserAsync(CancellationToken cancellationToken = default)
    {
        if (_user is not null)
        {
            return _user;
        }

        var session = await RequireSessionAsync(cancellationToken).ConfigureAwait(false);
        _user = await _users.FindByIdAsync(session.UserId, cancellationToken).ConfigureAwait(false)
            ?? throw new AuthKitAuthorizationException(StatusCodes.Status401Unauthorized, "The signed-in user no longer exists.");
        return _user;
    }

    public async ValueTask<Viewer> GetViewerAsync(CancellationToken cancellationToken = default)
    {
        if (await GetSessionAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            return Viewer.Anonymous;
        }

        var user = await GetUserAsync(cancellationToken).ConfigureAwait(false);
        return new Viewer(user.Id, user.Roles);
    }
}
