using System.Globalization;
using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Credentials.Throttling;
using AuthKit.Events;
using AuthKit.Http;
using AuthKit.Mail;
using AuthKit.Sessions;
using AuthKit.TwoFactor;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>
/// The second factor's endpoints (mapped by <c>MapAuthKitEndpoints</c> with <c>AddTwoFactor()</c>): the second sign-in
/// step, enrolment (setup, confirm), recovery codes and disabling. Every code attempt counts on the account's throttle
/// counter before it is checked.
/// </summary>
internal static class TwoFactorEndpointHandlers
{
    public static readonly IReadOnlyList<string> Methods = ["totp", "recovery_code"];

    private static readonly AuthKitError CodeInvalid = new(AuthKitErrorCodes.CodeInvalid, "That code is not right, or was used already. Try the next code from your app, or a recovery code.");
    private static readonly AuthKitError Expired = new(AuthKitErrorCodes.SecondFactorExpired, "Sign in again: the second step must follow the password within a few minutes.");
    private static readonly AuthKitError AlreadyOn = new(AuthKitErrorCodes.TwoFactorEnabled, "Two-step sign-in is on already. Turn it off first to use another authenticator.");
    private static readonly AuthKitError Off = new(AuthKitErrorCodes.TwoFactorDisabled, "Two-step sign-in is off.");
    private static readonly AuthKitError SetupExpired = new(AuthKitErrorCodes.SetupExpired, "Start again: the enrolment was not started in this browser, or too long ago.");

    /// <summary>
    /// After a right password: a second factor is due unless the user has none or this browser is trusted. Returns the
    /// answer to give instead of a session (with the pending cookie set), or <see langword="null"/> to sign in now.
    /// </summary>
    public static async Task<IResult?> SecondFactorDueAsync(HttpContext http, IAuthKitUser user, string? returnUrl, CancellationToken ct)
        => await BeginSecondFactorAsync(http, user, returnUrl, ct).ConfigureAwait(false) is { } methods
            ? Results.Json(new SecondFactorRequiredResponse(true, methods), AuthKitJsonContext.Default.SecondFactorRequiredResponse)
            : null;

    /// <summary>
    /// After a first factor (a right password, an external sign-in): when a second factor is due (the user has one and
    /// this browser is not trusted), writes the pending cookie and returns the methods that can complete it; otherwise
    /// <see langword="null"/>: sign in now.
    /// </summary>
    public static async Task<IReadOnlyList<string>?> BeginSecondFactorAsync(HttpContext http, IAuthKitUser user, string? returnUrl, CancellationToken ct)
    {
        var services = http.RequestServices;
        if (services.GetService<TwoFactorFeature>() is null)
        {
            return null;
        }

        var state = await services.GetRequiredService<TwoFactorService>().GetAsync(user.Id, ct).ConfigureAwait(false);
        if (state is null)
        {
            return null;
        }

        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.TwoFactor;
        var cookies = services.GetRequiredService<TwoFactorCookies>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (options.TrustDeviceFor > TimeSpan.Zero && cookies.ReadDevice(http, now) is { } device && device.UserId == user.Id && TwoFactorService.Trusts(state, device))
        {
            return null;
        }

        cookies.WritePending(http, new TwoFactorCookies.Pending(user.Id, now, now + options.PendingLifetime, returnUrl));
        var methods = Methods;
        foreach (var method in services.GetServices<AuthKit.Internal.ISecondFactorMethod>())
        {
            if (await method.IsAvailableAsync(user.Id, ct).ConfigureAwait(false))
            {
                methods = [.. methods, method.Name];
            }
        }

        return methods;
    }

    public static async Task<IResult> SecondStepAsync(
        HttpContext http,
        TwoFactorCookies cookies,
        TwoFactorService twoFactor,
        LoginThrottler throttler,
        AuthKitEvents events,
        TimeProvider time,
        IOptions<AuthKitOptions> options)
    {
        var ct = http.RequestAborted;
        if (cookies.ReadPending(http, time.GetUtcNow()) is not { } pending)
        {
            return Refusals.Coded(StatusCodes.Status401Unauthorized, "Sign in again.", Expired);
        }

        var (input, invalid) = await JsonBody.ReadAsync(http, AuthKitJsonContext.Default.SecondFactorRequest, options.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        var (check, refusal) = await CheckCodeAsync(http, throttler, twoFactor, events, pending.UserId, input!.Code, input.RecoveryCode, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        return await CompleteAsync(http, pending, input.RememberDevice, (user, ct) => AfterCodeAsync(http, events, user, check, ct), ct).ConfigureAwait(false);
    }

    /// <summary>The pending sign-in of this request, or <see langword="null"/> (none, expired, or not AuthKit's).</summary>
    public static TwoFactorCookies.Pending? ReadPending(HttpContext http)
        => http.RequestServices.GetService<TwoFactorCookies>()?.ReadPending(http, http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>
    /// The second factor was proven for <paramref name="pending"/> (by a code here, or a passkey): the pending cookie goes,
    /// a session starts under a new id (whatever the browser held before is revoked), the device is trusted if asked and
    /// allowed, and the answer is the session with the return URL kept from the password step.
    /// </summary>
    public static async Task<IResult> CompleteAsync(HttpContext http, TwoFactorCookies.Pending pending, bool rememberDevice, Func<IAuthKitUser, CancellationToken, Task>? after, CancellationToken ct)
    {
        var services = http.RequestServices;
        var cookies = services.GetRequiredService<TwoFactorCookies>();
        var events = services.GetRequiredService<AuthKitEvents>();
        var user = await services.GetRequiredService<IUserStore>().FindByIdAsync(pending.UserId, ct).ConfigureAwait(false);
        cookies.Delete(http, cookies.PendingName);
        if (user is null)
        {
            return Refusals.Coded(StatusCodes.Status401Unauthorized, "Sign in again.", Expired);
        }

        var session = await services.GetRequiredService<ISessionManager>().CreateAsync(http, user, cancellationToken: ct).ConfigureAwait(false);
        var trustFor = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.TwoFactor.TrustDeviceFor;
        if (rememberDevice && trustFor > TimeSpan.Zero)
        {
            var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
            cookies.WriteDevice(http, new TwoFactorCookies.Device(user.Id, now, now + trustFor));
        }

        if (after is not null)
        {
            await after(user, ct).ConfigureAwait(false);
        }

        await events.RaiseAsync(AuthKitEventType.SignInSucceeded, http, user.Id, ct).ConfigureAwait(false);
        var landing = services.GetRequiredService<IOptions<RoutePolicyOptions>>().Value.LandingPath;
        return Results.Json(new SessionResponse(session, ReturnUrl.LocalOr(pending.ReturnUrl, landing)), AuthKitJsonContext.Default.SessionResponse);
    }

    public static async Task<IResult> SetupAsync(HttpContext http, IAuthGuard guard, TwoFactorService twoFactor, TwoFactorCookies cookies, TimeProvider time, IOptions<AuthKitOptions> options, IServiceProvider services)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        if (await twoFactor.GetAsync(user.Id, ct).ConfigureAwait(false) is not null)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "Two-step sign-in is on.", AlreadyOn);
        }

        var secret = TwoFactorService.NewSecret();
        var now = time.GetUtcNow();
        cookies.WriteSetup(http, new TwoFactorCookies.Setup(user.Id, secret, now + options.Value.TwoFactor.SetupLifetime));
        var base32 = Base32.Encode(secret);
        var issuer = options.Value.TwoFactor.Issuer ?? options.Value.Email.ApplicationName ?? services.GetService<IHostEnvironment>()?.ApplicationName ?? "AuthKit";
        var uri = Totp.Uri(base32, issuer, user.Email);
        return Results.Json(new TotpSetupResponse(base32, uri, services.GetService<IQrCodeRenderer>()?.RenderSvg(uri)), AuthKitJsonContext.Default.TotpSetupResponse);
    }

    public static async Task<IResult> ConfirmAsync(HttpContext http, IAuthGuard guard, TwoFactorService twoFactor, TwoFactorCookies cookies, AuthKitEvents events, TimeProvider time, IOptions<AuthKitOptions> options)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var (input, invalid) = await JsonBody.ReadAsync(http, AuthKitJsonContext.Default.CodeRequest, options.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (cookies.ReadSetup(http, time.GetUtcNow()) is not { } setup || setup.UserId != user.Id)
        {
            return Refusals.Invalid("Two-step sign-in not turned on.", [SetupExpired]);
        }

        var (result, codes) = await twoFactor.EnableAsync(user.Id, setup.Secret, input!.Code, ct).ConfigureAwait(false);
        switch (result)
        {
            case EnrolmentResult.WrongCode:
                return Refusals.Invalid("Two-step sign-in not turned on.", [CodeInvalid]);
            case EnrolmentResult.AlreadyEnabled:
                cookies.Delete(http, cookies.SetupName);
                return Refusals.Coded(StatusCodes.Status409Conflict, "Two-step sign-in is on.", AlreadyOn);
        }

        cookies.Delete(http, cookies.SetupName);
        Notify(http, EmailKind.TwoFactorEnabled, user.Email, "two-factor-enabled");
        await events.RaiseAsync(AuthKitEventType.TwoFactorEnabled, http, user.Id, ct).ConfigureAwait(false);
        return Results.Json(new RecoveryCodesResponse(codes!), AuthKitJsonContext.Default.RecoveryCodesResponse);
    }

    public static async Task<IResult> DisableAsync(HttpContext http, IAuthGuard guard, TwoFactorService twoFactor, TwoFactorCookies cookies, LoginThrottler throttler, AuthKitEvents events, IOptions<AuthKitOptions> options)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var (input, invalid) = await JsonBody.ReadAsync(http, AuthKitJsonContext.Default.CodeRequest, options.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        // A code as well as a fresh session: whoever holds only the session (an unlocked laptop) cannot turn it off.
        var (check, refusal) = await CheckCodeAsync(http, throttler, twoFactor, events, user.Id, input!.Code, input.RecoveryCode, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return check.Status == FactorStatus.NotEnrolled ? Refusals.Coded(StatusCodes.Status409Conflict, "Two-step sign-in is off.", Off) : refusal;
        }

        await twoFactor.DisableAsync(user.Id, ct).ConfigureAwait(false);
        cookies.Delete(http, cookies.DeviceName);
        await AfterCodeAsync(http, events, user, check, ct).ConfigureAwait(false);
        Notify(http, EmailKind.TwoFactorDisabled, user.Email, "two-factor-disabled");
        await events.RaiseAsync(AuthKitEventType.TwoFactorDisabled, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    public static async Task<IResult> RegenerateAsync(HttpContext http, IAuthGuard guard, TwoFactorService twoFactor, AuthKitEvents events)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        if (await twoFactor.RegenerateAsync(user.Id, ct).ConfigureAwait(false) is not { } codes)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "Two-step sign-in is off.", Off);
        }

        await events.RaiseAsync(AuthKitEventType.RecoveryCodesRegenerated, http, user.Id, ct).ConfigureAwait(false);
        return Results.Json(new RecoveryCodesResponse(codes), AuthKitJsonContext.Default.RecoveryCodesResponse);
    }

    /// <summary>
    /// Counts the attempt on the account's second-factor counter, then checks (and uses up) the code. A refusal is a 429
    /// (throttled) or a 400 <c>code_invalid</c> (the failure stays counted, is reported, and the owner is told by mail).
    /// </summary>
    public static async Task<(FactorCheck Check, IResult? Refusal)> CheckCodeAsync(
        HttpContext http,
        LoginThrottler throttler,
        TwoFactorService twoFactor,
        AuthKitEvents events,
        string userId,
        string? code,
        string? recoveryCode,
        CancellationToken ct)
    {
        var attempt = await throttler.BeginSecondFactorAsync(userId, ct).ConfigureAwait(false);
        if (attempt.RetryAfter is { } wait)
        {
            await events.RaiseAsync(AuthKitEventType.SignInThrottled, http, userId, ct).ConfigureAwait(false);
            return (FactorCheck.Invalid, Refusals.TooManyAttempts(http, wait, "Too many attempts.", "Too many wrong codes. Try again later."));
        }

        FactorCheck check;
        try
        {
            check = await twoFactor.VerifyAsync(userId, code, recoveryCode, ct).ConfigureAwait(false);
        }
        catch
        {
            await throttler.CancelAsync(attempt, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (check.Succeeded)
        {
            await throttler.SucceededAsync(attempt, ct).ConfigureAwait(false);
            return (check, null);
        }

        if (check.Status == FactorStatus.NotEnrolled)
        {
            await throttler.CancelAsync(attempt, ct).ConfigureAwait(false);
            return (check, Refusals.Invalid("Code not accepted.", [CodeInvalid], CodeField(code)));
        }

        await events.RaiseAsync(AuthKitEventType.SecondFactorFailed, http, userId, ct).ConfigureAwait(false);
        if (await http.RequestServices.GetRequiredService<IUserStore>().FindByIdAsync(userId, ct).ConfigureAwait(false) is { } user)
        {
            // Limited per address like all mail anyone can cause: a guessing run sends a few notices, not one per guess.
            if (http.RequestServices.GetService<MailThrottle>() is { } mailThrottle
                && await mailThrottle.TryCountAsync(user.Email, null, ct).ConfigureAwait(false))
            {
                Notify(http, EmailKind.SecondFactorFailed, user.Email, "second-factor-failed");
            }
        }

        return (check, Refusals.Invalid("Code not accepted.", [CodeInvalid], CodeField(code)));
    }

    // The field a refused code was given in: the TOTP code when there was one, else the recovery code.
    private static ErrorFields CodeField(string? code) => string.IsNullOrEmpty(code) ? RecoveryCodeField : ErrorFields.Default;

    private static readonly ErrorFields RecoveryCodeField = new(Code: "recoveryCode");

    /// <summary>What a used code leaves behind: a recovery code's use is reported and the owner told.</summary>
    public static async Task AfterCodeAsync(HttpContext http, AuthKitEvents events, IAuthKitUser user, FactorCheck check, CancellationToken ct)
    {
        if (check.Method == FactorMethod.RecoveryCode)
        {
            Notify(http, EmailKind.RecoveryCodeUsed, user.Email, "recovery-code-used");
            await events.RaiseAsync(AuthKitEventType.RecoveryCodeUsed, http, user.Id, ct).ConfigureAwait(false);
        }
    }

    /// <summary>A notice by mail, when mail is configured.</summary>
    private static void Notify(HttpContext http, EmailKind kind, string email, string work)
        => http.RequestServices.GetService<AccountMail>()?.Enqueue(MailWorks.Notice(work, kind, email, CultureInfo.CurrentUICulture));
}
