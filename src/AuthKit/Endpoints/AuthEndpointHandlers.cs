using System.Globalization;
using System.Text.Json.Serialization.Metadata;
using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Events;
using AuthKit.Http;
using AuthKit.Mail;
using AuthKit.Sessions;
using AuthKit.TwoFactor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>
/// The handlers behind <c>MapAuthKitEndpoints</c>: JSON in, JSON or problem details out (the contract in
/// docs/getting-started.md). Refusals come from <see cref="Refusals"/>; the group's filters add <c>no-store</c>, the
/// body limit and, on the endpoints that hash, the hashing-queue check.
/// </summary>
internal static class AuthEndpointHandlers
{
    private static readonly AuthKitError EmailUnverified = new(AuthKitErrorCodes.EmailUnverified, "Confirm your email address first: open the link we sent, or ask for a new one.");

    public static async Task<IResult> LoginAsync(HttpContext http, ICredentialVerifier verifier, ISessionManager sessions, AuthKitEvents events, IOptions<RoutePolicyOptions> routes, IOptions<AuthKitOptions> options)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.CredentialsRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var result = await verifier.VerifyAsync(input!.Email, input.Password, ClientKey(http, options), ct).ConfigureAwait(false);
        switch (result.Status)
        {
            case CredentialStatus.Succeeded:
                // Told only to someone who knows the password: it reveals nothing to anyone else.
                var verified = await EmailVerifiedAsync(http, result.User!, ct).ConfigureAwait(false);
                if (verified == false && options.Value.Email.RequireVerified)
                {
                    return Refusals.Coded(StatusCodes.Status403Forbidden, "Email address not verified.", EmailUnverified);
                }

                // With a second factor: no session yet, only the pending state (its own cookie), told only now that the
                // password was right.
                if (await TwoFactorEndpointHandlers.SecondFactorDueAsync(http, result.User!, input.ReturnUrl, ct).ConfigureAwait(false) is { } due)
                {
                    return due;
                }

                var session = await sessions.CreateAsync(http, result.User!, cancellationToken: ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.SignInSucceeded, http, session.UserId, ct).ConfigureAwait(false);
                return Results.Json(new SessionResponse(session, ReturnUrl.LocalOr(input.ReturnUrl, routes.Value.LandingPath), verified), AuthKitJsonContext.Default.SessionResponse);
            case CredentialStatus.Throttled:
                await events.RaiseAsync(AuthKitEventType.SignInThrottled, http, null, ct).ConfigureAwait(false);
                return Refusals.TooManyAttempts(http, result.RetryAfter!.Value, "Too many attempts.", "Too many failed sign-ins. Try again later.");
            case CredentialStatus.Overloaded:
                return Refusals.Busy(http);
            default:
                await events.RaiseAsync(AuthKitEventType.SignInFailed, http, null, ct).ConfigureAwait(false);

                // One answer for unknown email and wrong password alike (ASVS 6.3.8): same status, body and headers.
                return Results.Json(new ErrorResponse("Invalid credentials."), AuthKitJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status401Unauthorized);
        }
    }

    public static async Task<IResult> SignUpAsync(HttpContext http, IAccountRegistrar registrar, ISessionManager sessions, AuthKitEvents events, IOptions<RoutePolicyOptions> routes, IOptions<AuthKitOptions> options)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.CredentialsRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var features = http.RequestServices.GetService<EmailFeatures>();
        if (features?.Verification == true && options.Value.Email.RequireVerified)
        {
            // The same 202 for a new and a taken address; the mailed link creates the account.
            var services = http.RequestServices;
            return await AccountEndpointHandlers.SignUpPendingAsync(
                http,
                input!,
                services.GetRequiredService<AccountRegistrar>(),
                services.GetRequiredService<AccountMail>(),
                services.GetRequiredService<MailThrottle>(),
                options).ConfigureAwait(false);
        }

        var result = await registrar.RegisterAsync(input!.Email, input.Password, ct).ConfigureAwait(false);
        switch (result.Status)
        {
            case RegistrationStatus.Succeeded:
                var session = await sessions.CreateAsync(http, result.User!, cancellationToken: ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.SignedUp, http, session.UserId, ct).ConfigureAwait(false);
                if (features?.Verification == true)
                {
                    http.RequestServices.GetRequiredService<AccountMail>().Enqueue(MailWorks.VerifyNewAccount(result.User!.Id, result.User.Email, CultureInfo.CurrentUICulture));
                }

                return Results.Json(
                    new SessionResponse(session, ReturnUrl.LocalOr(input.ReturnUrl, routes.Value.LandingPath), features?.Verification == true ? false : null),
                    AuthKitJsonContext.Default.SessionResponse,
                    statusCode: StatusCodes.Status201Created);
            case RegistrationStatus.Overloaded:
                return Refusals.Busy(http);
            default:
                return Refusals.Invalid("Sign-up refused.", result.Errors);
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
        if (session is null)
        {
            return Refusals.Problem(StatusCodes.Status401Unauthorized, "Not signed in.");
        }

        var services = http.RequestServices;
        var verified = services.GetService<EmailFeatures>()?.Verification == true
            ? await EmailVerifiedAsync(http, await guard.GetUserAsync(http.RequestAborted).ConfigureAwait(false), http.RequestAborted).ConfigureAwait(false)
            : null;
        var twoFactor = services.GetService<TwoFactorFeature>() is null
            ? null
            : await services.GetRequiredService<TwoFactorService>().GetAsync(session.UserId, http.RequestAborted).ConfigureAwait(false);
        var enrolled = services.GetService<TwoFactorFeature>() is null ? (bool?)null : twoFactor is not null;
        return Results.Json(new SessionResponse(session, null, verified) { TwoFactorEnabled = enrolled, RecoveryCodesLeft = twoFactor?.RecoveryCodeHashes.Count }, AuthKitJsonContext.Default.SessionResponse);
    }

    public static async Task<IResult> ListSessionsAsync(HttpContext http, IAuthGuard guard, ISessionManager sessions)
    {
        var current = await guard.RequireSessionAsync(http.RequestAborted).ConfigureAwait(false);
        if (sessions.Kind != SessionKind.Database)
        {
            return StatelessNotListed();
        }

        var list = await sessions.ListAsync(current.UserId, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(list.Select(s => new SessionListEntry(
            s.Id,
            s.Id == current.Id,
            s.CreatedAt,
            s.LastSeenAt,
            s.IdleExpiresAt < s.AbsoluteExpiresAt ? s.IdleExpiresAt : s.AbsoluteExpiresAt,
            s.UserAgent,
            s.ClientIp)).ToList(), AuthKitJsonContext.Default.ListSessionListEntry);
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
            return Refusals.Problem(StatusCodes.Status404NotFound, "No such session.");
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

    public static async Task<IResult> ChangePasswordAsync(HttpContext http, IAuthGuard guard, PasswordChange passwords, ISessionManager sessions, AuthKitEvents events, IOptions<AuthKitOptions> options)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.ChangePasswordRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var result = await passwords.ChangeAsync(user, input!.CurrentPassword, input.NewPassword, ClientKey(http, options), ct).ConfigureAwait(false);
        if (result.Status == CredentialStatus.Throttled)
        {
            return Refusals.TooManyAttempts(http, result.RetryAfter!.Value, "Too many attempts.", "Too many wrong current passwords. Try again later.");
        }

        if (result.Status == CredentialStatus.Overloaded)
        {
            return Refusals.Busy(http);
        }

        if (result.Errors.Count > 0)
        {
            return Refusals.Invalid("Password not changed.", result.Errors, new ErrorFields(Password: "newPassword", CurrentPassword: "currentPassword"));
        }

        // The password changed: every other session ends (ASVS 6.2.3, 7.4.3), and this one goes on under a new cookie.
        await sessions.RevokeOthersAsync(http, ct).ConfigureAwait(false);
        http.RequestServices.GetService<AccountMail>()?.Enqueue(MailWorks.Notice("password-changed", EmailKind.PasswordChanged, user.Email, CultureInfo.CurrentUICulture));
        await events.RaiseAsync(AuthKitEventType.PasswordChanged, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>Whether the user's address is verified, or <see langword="null"/> without <c>AddEmailVerification()</c>.</summary>
    private static async ValueTask<bool?> EmailVerifiedAsync(HttpContext http, IAuthKitUser user, CancellationToken ct)
        => http.RequestServices.GetService<EmailFeatures>()?.Verification == true
            ? await http.RequestServices.GetRequiredService<IUserEmailStore>().GetEmailVerifiedAsync(user, ct).ConfigureAwait(false)
            : null;

    private static IResult StatelessNotListed() => Refusals.Problem(
        StatusCodes.Status404NotFound,
        "Session lists need database sessions.",
        "Stateless sessions are not recorded on the server. Use AddDatabaseSessions() for session lists.");

    // The connection's address (a forwarded one only through the app's own forwarded-headers middleware), an IPv6 one cut to its prefix.
    private static string? ClientKey(HttpContext http, IOptions<AuthKitOptions> options) => ClientAddress.KeyOf(http, options.Value.Throttling.Ipv6PrefixLength);

    private static ValueTask<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http, IOptions<AuthKitOptions> options, JsonTypeInfo<T> type)
        where T : class
        => JsonBody.ReadAsync(http, type, options.Value.Endpoints.MaxRequestBodySize);
}
