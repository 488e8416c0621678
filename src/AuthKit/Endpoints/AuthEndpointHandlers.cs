using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Credentials.Hashing;
using AuthKit.Diagnostics;
using AuthKit.Events;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>The handlers behind <c>MapAuthKitEndpoints</c>: JSON in, JSON or problem details out (DESIGN.md contract).</summary>
internal static class AuthEndpointHandlers
{
    public static async Task<IResult> LoginAsync(HttpContext http, ICredentialVerifier verifier, ISessionManager sessions, AuthKitEvents events, IOptions<RoutePolicyOptions> routes, PasswordHashingGate hashing, FloodWarnings warnings)
    {
        // Under a flood the hashing queue is full: refuse before reading the body, the cheapest answer there is.
        if (hashing.IsSaturated)
        {
            warnings.SignInOverloaded();
            return Busy(http);
        }

        var (input, invalid) = await ReadAsync(http, AuthKitJsonContext.Default.CredentialsRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var result = await verifier.VerifyAsync(input!.Email, input.Password, ClientKey(http), ct).ConfigureAwait(false);
        switch (result.Status)
        {
            case CredentialStatus.Succeeded:
                var session = await sessions.CreateAsync(http, result.User!, cancellationToken: ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.SignInSucceeded, http, session.UserId, ct).ConfigureAwait(false);
                return Results.Ok(new SessionResponse(session, ReturnUrl.LocalOr(input.ReturnUrl, routes.Value.LandingPath)));
            case CredentialStatus.Throttled:
                await events.RaiseAsync(AuthKitEventType.SignInThrottled, http, null, ct).ConfigureAwait(false);
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts.", detail: "Too many failed sign-ins. Try again later.");
            case CredentialStatus.Overloaded:
                return Busy(http);
            default:
                await events.RaiseAsync(AuthKitEventType.SignInFailed, http, null, ct).ConfigureAwait(false);

                // One answer for unknown email and wrong password alike (ASVS 6.3.8): same status, body and headers.
                return Results.Json(new ErrorResponse("Invalid credentials."), statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    public static async Task<IResult> SignUpAsync(HttpContext http, IAccountRegistrar registrar, ISessionManager sessions, AuthKitEvents events, IOptions<RoutePolicyOptions> routes, PasswordHashingGate hashing, FloodWarnings warnings)
    {
        if (hashing.IsSaturated)
        {
            warnings.SignUpOverloaded();
            return Busy(http);
        }

        var (input, invalid) = await ReadAsync(http, AuthKitJsonContext.Default.CredentialsRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var result = await registrar.RegisterAsync(input!.Email, input.Password, ct).ConfigureAwait(false);
        switch (result.Status)
        {
            case RegistrationStatus.Succeeded:
                var session = await sessions.CreateAsync(http, result.User!, cancellationToken: ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.SignedUp, http, session.UserId, ct).ConfigureAwait(false);
                return Results.Json(new SessionResponse(session, ReturnUrl.LocalOr(input.ReturnUrl, routes.Value.LandingPath)), statusCode: StatusCodes.Status201Created);
            case RegistrationStatus.Overloaded:
                return Busy(http);
            default:
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Sign-up refused.",
                    detail: string.Join(" ", result.Errors.Select(e => e.Description)),
                    extensions: new Dictionary<string, object?> { ["errors"] = result.Errors.Select(e => new { code = e.Code, description = e.Description }).ToList() });
        }
    }

    public static async Task<IResult> LogoutAsync(HttpContext http, ISessionManager sessions, AuthKitEvents events)
    {
        var userId = sessions.ReadCookie(http)?.UserId;
        await sessions.SignOutAsync(http, http.RequestAborted).ConfigureAwait(false);
        if (userId is not null)
        {
            await events.RaiseAsync(AuthKitEventType.SignedOut, http, userId, http.RequestAborted).ConfigureAwait(false);
        }

        return Results.NoContent();
    }

    public static async Task<IResult> SessionAsync(HttpContext http, IAuthGuard guard)
    {
        var session = await guard.GetSessionAsync(http.RequestAborted).ConfigureAwait(false);
        return session is null
            ? Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in.")
            : Results.Ok(new SessionResponse(session, null));
    }

    public static async Task<IResult> ListSessionsAsync(HttpContext http, IAuthGuard guard, ISessionManager sessions)
    {
        var current = await guard.RequireSessionAsync(http.RequestAborted).ConfigureAwait(false);
        if (sessions.Kind != SessionKind.Database)
        {
            return StatelessNotListed();
        }

        var list = await sessions.ListAsync(current.UserId, http.RequestAborted).ConfigureAwait(false);
        return Results.Ok(list.Select(s => new
        {
            id = s.Id,
            current = s.Id == current.Id,
            createdAt = s.CreatedAt,
            lastSeenAt = s.LastSeenAt,
            expiresAt = s.IdleExpiresAt < s.AbsoluteExpiresAt ? s.IdleExpiresAt : s.AbsoluteExpiresAt,
            userAgent = s.UserAgent,
            clientIp = s.ClientIp,
        }));
    }

    public static async Task<IResult> RevokeSessionAsync(string id, HttpContext http, IAuthGuard guard, ISessionManager sessions, AuthKitEvents events)
    {
        var current = await guard.RequireSessionAsync(http.RequestAborted).ConfigureAwait(false);
        if (sessions.Kind != SessionKind.Database)
        {
            return StatelessNotListed();
        }

        if (!await sessions.RevokeAsync(current.UserId, id, http.RequestAborted).ConfigureAwait(false))
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such session.");
        }

        await events.RaiseAsync(AuthKitEventType.SessionsRevoked, http, current.UserId, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> RevokeOtherSessionsAsync(HttpContext http, IAuthGuard guard, ISessionManager sessions, AuthKitEvents events)
    {
        var current = await guard.RequireSessionAsync(http.RequestAborted).ConfigureAwait(false);
        await sessions.RevokeOthersAsync(http, http.RequestAborted).ConfigureAwait(false);
        await events.RaiseAsync(AuthKitEventType.SessionsRevoked, http, current.UserId, http.RequestAborted).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> ChangePasswordAsync(HttpContext http, IAuthGuard guard, PasswordChange passwords, ISessionManager sessions, AuthKitEvents events)
    {
        var (input, invalid) = await ReadAsync(http, AuthKitJsonContext.Default.ChangePasswordRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var result = await passwords.ChangeAsync(user, input!.CurrentPassword, input.NewPassword, ClientKey(http), ct).ConfigureAwait(false);
        if (result.Status == CredentialStatus.Throttled)
        {
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(result.RetryAfter!.Value.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many attempts.");
        }

        if (result.Status == CredentialStatus.Overloaded)
        {
            return Busy(http);
        }

        if (result.Errors.Count > 0)
        {
            return Results.Problem(
                statusCode: StatusCodes.Status400BadRequest,
                title: "Password not changed.",
                detail: string.Join(" ", result.Errors.Select(e => e.Description)),
                extensions: new Dictionary<string, object?> { ["errors"] = result.Errors.Select(e => new { code = e.Code, description = e.Description }).ToList() });
        }

        // The password changed: every other session ends (ASVS 6.2.3, 7.4.3); this one stays.
        await sessions.RevokeOthersAsync(http, ct).ConfigureAwait(false);
        await events.RaiseAsync(AuthKitEventType.PasswordChanged, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static IResult StatelessNotListed() => Results.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Session lists need database sessions.",
        detail: "Stateless sessions are not recorded on the server. Use AddDatabaseSessions() for session lists.");

    private static IResult Busy(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "2";
        return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The server is busy.", detail: "Too many sign-ins are being checked right now. Try again shortly.");
    }

    // The connection's address (a forwarded one only through the app's own forwarded-headers middleware), an IPv6 one cut to its prefix.
    private static string? ClientKey(HttpContext http)
        => ClientAddress.KeyOf(http, http.RequestServices.GetRequiredService<IOptions<AuthKitOptions>>().Value.Throttling.Ipv6PrefixLength);

    private static ValueTask<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type)
        where T : class
        => JsonBody.ReadAsync(http, type, http.RequestServices.GetRequiredService<IOptions<AuthKitOptions>>().Value.Endpoints.MaxRequestBodySize);

    private sealed record ErrorResponse(string Error);

    private sealed record SessionResponse(string UserId, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt, string Kind, string? RedirectTo)
    {
        public SessionResponse(AuthSession session, string? redirectTo)
            : this(session.UserId, session.Roles, session.ExpiresAt, session.Kind.ToString(), redirectTo)
        {
        }
    }
}
