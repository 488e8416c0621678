using System.Globalization;
using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Events;
using AuthKit.Http;
using AuthKit.Mail;
using AuthKit.Sessions;
using AuthKit.Tokens;
using AuthKit.TwoFactor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>
/// The email flows' endpoints (mapped by <c>MapAuthKitEndpoints</c> when <c>AddPasswordReset()</c> or
/// <c>AddEmailVerification()</c> is on). A request that anyone can make about an address (forgot password, resend,
/// sign-up with verification required) only counts the address and queues the mail work, then answers 202: the answer
/// and its timing are the same whether the address has an account, and whether mail goes out.
/// </summary>
internal static class AccountEndpointHandlers
{
    private static readonly AuthKitError TokenInvalid = new(AuthKitErrorCodes.TokenInvalid, "This link is invalid, was already used, or has expired. Ask for a new one.");
    private static readonly AuthKitError EmailInvalid = new(AuthKitErrorCodes.EmailInvalid, "Enter a valid email address.");
    private static readonly AuthKitError EmailTaken = new(AuthKitErrorCodes.EmailTaken, "Another account uses this address now.");
    private static readonly AuthKitError EmailUnchanged = new(AuthKitErrorCodes.EmailUnchanged, "This is already the account's address.");
    // The fields of the bodies these endpoints read, for field-keyed refusals.
    private static readonly ErrorFields NewPassword = new(Password: "newPassword");
    private static readonly ErrorFields NewEmail = new(Email: "newEmail");
    private static readonly ErrorFields OnlyToken = new(Email: null);

    private static readonly AuthKitError WrongPassword = new(AuthKitErrorCodes.PasswordIncorrect, "The password is not correct.");

    private static readonly AcceptedResponse ResetAccepted = new("If an account uses this address, a link to reset its password is on its way.");
    private static readonly AcceptedResponse ResendAccepted = new("If an account with an unverified address uses it, a new link is on its way.");
    private static readonly AcceptedResponse SignUpAccepted = new("Check your email: the link we sent finishes the sign-up.");
    private static readonly AcceptedResponse ChangeAccepted = new("Check the new address: the change happens when you open the link sent there.");

    public static Task<IResult> ForgotPasswordAsync(HttpContext http, AccountMail mail, MailThrottle throttle, IOptions<AuthKitOptions> options)
        => AcceptAddressAsync(http, mail, throttle, options, "Reset not requested.", MailWorks.ResetPassword, ResetAccepted);

    public static async Task<IResult> ResetPasswordAsync(
        HttpContext http,
        AccountRegistrar registrar,
        OneTimeTokens tokens,
        IUserStore users,
        IServiceProvider services,
        ISessionManager sessions,
        AccountMail mail,
        AuthKitEvents events,
        IOptions<AuthKitOptions> options)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.ResetPasswordRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var hash = await registrar.CheckAndHashPasswordAsync(input!.NewPassword, ct).ConfigureAwait(false);
        if (hash.Refusal is { } refusal)
        {
            return refusal.Status == RegistrationStatus.Overloaded ? Refusals.Busy(http) : Refusals.Invalid("Password not reset.", refusal.Errors, NewPassword);
        }

        // The token last: a refused password or a busy server leaves the link working.
        var token = await tokens.ConsumeAsync(input.Token, OneTimeTokenPurposes.ResetPassword, null, ct).ConfigureAwait(false);
        var user = token?.UserId is { } userId ? await users.FindByIdAsync(userId, ct).ConfigureAwait(false) : null;
        if (user is null || user.Email != token!.Email)
        {
            // Unknown, used, expired, for another purpose, or sent to an address the account no longer has.
            return Refusals.Invalid("Password not reset.", [TokenInvalid]);
        }

        // Sessions end before the password changes: if the store fails in between, nobody is left signed in with the old
        // password, and the user asks for a new link.
        await sessions.RevokeAllAsync(user.Id, ct).ConfigureAwait(false);
        await users.UpdatePasswordHashAsync(user.Id, hash.Hash!, ct).ConfigureAwait(false);
        await tokens.RevokeAsync(user.Id, OneTimeTokenPurposes.ResetPassword, ct).ConfigureAwait(false);

        // A trusted browser must use the second factor again.
        if (services.GetService<TwoFactorFeature>() is not null)
        {
            await services.GetRequiredService<TwoFactorService>().RevokeTrustedDevicesAsync(user.Id, ct).ConfigureAwait(false);
        }

        // The link reached the mailbox: the address is proven too.
        if (services.GetService<IUserEmailStore>() is { } emails)
        {
            await emails.SetEmailVerifiedAsync(user.Id, user.Email, ct).ConfigureAwait(false);
        }

        mail.Enqueue(MailWorks.Notice("password-changed", EmailKind.PasswordChanged, user.Email, CultureInfo.CurrentUICulture));
        await events.RaiseAsync(AuthKitEventType.PasswordReset, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static Task<IResult> ResendAsync(HttpContext http, AccountMail mail, MailThrottle throttle, IOptions<AuthKitOptions> options)
        => AcceptAddressAsync(http, mail, throttle, options, "Link not sent.", MailWorks.Resend, ResendAccepted);

    /// <summary>
    /// Sign-up while <see cref="EmailOptions.RequireVerified"/>: the address and password are checked and the password
    /// hashed as always, then the same 202 for every address. The account is created by the mailed link.
    /// </summary>
    public static async Task<IResult> SignUpPendingAsync(HttpContext http, CredentialsRequest input, AccountRegistrar registrar, AccountMail mail, MailThrottle throttle, IOptions<AuthKitOptions> options)
    {
        var ct = http.RequestAborted;
        var (refusal, email, hash) = await registrar.CheckAndHashAsync(input.Email, input.Password, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal.Status == RegistrationStatus.Overloaded ? Refusals.Busy(http) : Refusals.Invalid("Sign-up refused.", refusal.Errors);
        }

        if (await throttle.TryCountAsync(email!, ClientKey(http, options), ct).ConfigureAwait(false))
        {
            mail.Enqueue(MailWorks.SignUp(email!, hash!, CultureInfo.CurrentUICulture));
        }

        return Results.Json(SignUpAccepted, AuthKitJsonContext.Default.AcceptedResponse, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Redeems a mailed link: address verification, address change, or the completion of a sign-up (which signs in). A
    /// token is only consumed by its own purpose, and, when the request is signed in, only if it is the signed-in user's.
    /// </summary>
    public static async Task<IResult> VerifyAsync(
        HttpContext http,
        OneTimeTokens tokens,
        IUserStore users,
        IUserEmailStore emails,
        ISessionManager sessions,
        AuthKitEvents events,
        IOptions<AuthKitOptions> options)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.TokenRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var ct = http.RequestAborted;
        var signedIn = (await sessions.GetAsync(http, ct).ConfigureAwait(false))?.UserId;

        if (await tokens.ConsumeAsync(input!.Token, OneTimeTokenPurposes.VerifyEmail, signedIn, ct).ConfigureAwait(false) is { } verify)
        {
            if (!await emails.SetEmailVerifiedAsync(verify.UserId!, verify.Email!, ct).ConfigureAwait(false))
            {
                return Refusals.Invalid("Address not verified.", [TokenInvalid]);
            }

            await events.RaiseAsync(AuthKitEventType.EmailVerified, http, verify.UserId, ct).ConfigureAwait(false);
            return Results.NoContent();
        }

        if (await tokens.ConsumeAsync(input.Token, OneTimeTokenPurposes.ChangeEmail, signedIn, ct).ConfigureAwait(false) is { } change)
        {
            if (!await emails.ChangeEmailAsync(change.UserId!, change.Email!, ct).ConfigureAwait(false))
            {
                return Refusals.Invalid("Address not changed.", [EmailTaken], OnlyToken);
            }

            // Reset links went to the old address; they die with it.
            await tokens.RevokeAsync(change.UserId!, OneTimeTokenPurposes.ResetPassword, ct).ConfigureAwait(false);
            await events.RaiseAsync(AuthKitEventType.EmailChanged, http, change.UserId, ct).ConfigureAwait(false);
            return Results.NoContent();
        }

        if (await tokens.ConsumeAsync(input.Token, OneTimeTokenPurposes.CompleteSignUp, null, ct).ConfigureAwait(false) is { } signUp)
        {
            // Another sign-up of this address may have been completed first (two links, both clicked).
            var user = await users.FindByEmailAsync(signUp.Email!, ct).ConfigureAwait(false) is null
                ? await users.CreateAsync(new NewUser(signUp.Email!, signUp.Data!) { EmailVerified = true }, ct).ConfigureAwait(false)
                : null;
            if (user is null)
            {
                return Refusals.Invalid("Sign-up not completed.", [EmailTaken with { Description = "An account with this address exists already: sign in." }], OnlyToken);
            }

            var session = await sessions.CreateAsync(http, user, cancellationToken: ct).ConfigureAwait(false);
            await events.RaiseAsync(AuthKitEventType.SignedUp, http, user.Id, ct).ConfigureAwait(false);
            await events.RaiseAsync(AuthKitEventType.EmailVerified, http, user.Id, ct).ConfigureAwait(false);
            return Results.Json(new SessionResponse(session, http.RequestServices.GetRequiredService<IOptions<RoutePolicyOptions>>().Value.LandingPath, emailVerified: true), AuthKitJsonContext.Default.SessionResponse);
        }

        return Refusals.Invalid("Link not accepted.", [TokenInvalid]);
    }

    public static async Task<IResult> ChangeEmailAsync(HttpContext http, IAuthGuard guard, AccountMail mail, MailThrottle throttle, AuthKitEvents events, IOptions<AuthKitOptions> options)
    {
        // A fresh session is required by the endpoint's filter (RequireFreshSession).
        var ct = http.RequestAborted;
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.ChangeEmailRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (!EmailAddress.TryNormalize(input!.NewEmail, out var email))
        {
            return Refusals.Invalid("Address not changed.", [EmailInvalid], NewEmail);
        }

        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        if (email == user.Email)
        {
            return Refusals.Invalid("Address not changed.", [EmailUnchanged], NewEmail);
        }

        if (await throttle.TryCountAsync(email, ClientKey(http, options), ct).ConfigureAwait(false))
        {
            mail.Enqueue(MailWorks.ChangeAddress(user.Id, user.Email, email, CultureInfo.CurrentUICulture));
        }

        await events.RaiseAsync(AuthKitEventType.EmailChangeRequested, http, user.Id, ct).ConfigureAwait(false);
        return Results.Json(ChangeAccepted, AuthKitJsonContext.Default.AcceptedResponse, statusCode: StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// Proves the user again (step-up): the password, or with a second factor a TOTP code or a recovery code. Starts a new
    /// session (new id, new sign-in time), which is what makes it fresh.
    /// </summary>
    public static async Task<IResult> ReauthenticateAsync(HttpContext http, IAuthGuard guard, ICredentialVerifier verifier, ISessionManager sessions, AuthKitEvents events, IOptions<AuthKitOptions> options)
    {
        var ct = http.RequestAborted;
        var session = await guard.RequireSessionAsync(ct).ConfigureAwait(false);
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.ReauthenticateRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var services = http.RequestServices;
        if (input!.Password is null && (input.Code is not null || input.RecoveryCode is not null) && services.GetService<TwoFactorFeature>() is not null)
        {
            var (check, refusal) = await TwoFactorEndpointHandlers.CheckCodeAsync(
                http, services.GetRequiredService<LoginThrottler>(), services.GetRequiredService<TwoFactorService>(), events, user.Id, input.Code, input.RecoveryCode, ct).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal;
            }

            await sessions.CreateAsync(http, user, session.Values, ct).ConfigureAwait(false);
            await TwoFactorEndpointHandlers.AfterCodeAsync(http, events, user, check, ct).ConfigureAwait(false);
            await events.RaiseAsync(AuthKitEventType.Reauthenticated, http, user.Id, ct).ConfigureAwait(false);
            return Results.NoContent();
        }

        var result = await verifier.VerifyAsync(user.Email, input.Password, ClientKey(http, options), ct).ConfigureAwait(false);
        switch (result.Status)
        {
            case CredentialStatus.Succeeded when result.User!.Id == user.Id:
                // A new session (new id, new sign-in time): the proof is dated by the session itself.
                await sessions.CreateAsync(http, result.User, session.Values, ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.Reauthenticated, http, user.Id, ct).ConfigureAwait(false);
                return Results.NoContent();
            case CredentialStatus.Throttled:
                await events.RaiseAsync(AuthKitEventType.SignInThrottled, http, user.Id, ct).ConfigureAwait(false);
                return Refusals.TooManyAttempts(http, result.RetryAfter!.Value, "Too many attempts.", "Too many wrong passwords. Try again later.");
            case CredentialStatus.Overloaded:
                return Refusals.Busy(http);
            default:
                await events.RaiseAsync(AuthKitEventType.SignInFailed, http, user.Id, ct).ConfigureAwait(false);
                return Refusals.Invalid("Not reauthenticated.", [WrongPassword]);
        }
    }

    /// <summary>
    /// A request anyone can make about an address: the address is counted (per address and per client) and the work is
    /// queued, and the answer is the same 202 whatever the address is, or whether the limit was reached.
    /// </summary>
    private static async Task<IResult> AcceptAddressAsync(
        HttpContext http,
        AccountMail mail,
        MailThrottle throttle,
        IOptions<AuthKitOptions> options,
        string refusal,
        Func<string, CultureInfo, MailWork> work,
        AcceptedResponse accepted)
    {
        var (input, invalid) = await ReadAsync(http, options, AuthKitJsonContext.Default.EmailRequest).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (!EmailAddress.TryNormalize(input!.Email, out var email))
        {
            return Refusals.Invalid(refusal, [EmailInvalid]);
        }

        if (await throttle.TryCountAsync(email, ClientKey(http, options), http.RequestAborted).ConfigureAwait(false))
        {
            mail.Enqueue(work(email, CultureInfo.CurrentUICulture));
        }

        return Results.Json(accepted, AuthKitJsonContext.Default.AcceptedResponse, statusCode: StatusCodes.Status202Accepted);
    }

    private static string? ClientKey(HttpContext http, IOptions<AuthKitOptions> options) => ClientAddress.KeyOf(http, options.Value.Throttling.Ipv6PrefixLength);

    private static ValueTask<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http, IOptions<AuthKitOptions> options, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
        => JsonBody.ReadAsync(http, type, options.Value.Endpoints.MaxRequestBodySize);
}
