using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Endpoints;
using AuthKit.Events;
using AuthKit.Http;
using AuthKit.Internal;
using AuthKit.Mail;
using AuthKit.Sessions;
using Fido2NetLib;
using Fido2NetLib.Objects;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Passkeys;

/// <summary>
/// The passkey endpoints, mapped by <c>MapAuthKitEndpoints</c> under its prefix once <c>AddPasskeys()</c> is called:
/// registration (fresh session), sign-in (passwordless, or the second step of a pending sign-in), step-up, and the
/// list, rename and removal of the user's passkeys. The ceremonies are fido2-net-lib's; AuthKit keeps the challenges,
/// decides who a credential may sign in, and turns a verified assertion into a session.
/// </summary>
internal sealed partial class PasskeyEndpoints : IAuthKitEndpointContributor
{
    private static readonly AuthKitError Invalid = new(AuthKitErrorCodes.PasskeyInvalid, "That passkey was not accepted here. Try another passkey or another way to sign in.");
    private static readonly AuthKitError ChallengeGone = new(AuthKitErrorCodes.ChallengeExpired, "The passkey request expired or was replaced. Start again.");
    private static readonly AuthKitError Exists = new(AuthKitErrorCodes.PasskeyExists, "This passkey is registered already.");
    private static readonly AuthKitError Limit = new(AuthKitErrorCodes.PasskeyLimit, "This account has as many passkeys as it may have. Remove one first.");
    private static readonly AuthKitError NameInvalid = new(AuthKitErrorCodes.PasskeyNameInvalid, "A passkey name is 1 to 64 characters, without control characters.");
    private static readonly AuthKitError None = new(AuthKitErrorCodes.NoPasskeys, "This account has no passkey.");
    private static readonly AuthKitError LastMethod = new(AuthKitErrorCodes.LastSignInMethod, "This passkey is the account's only way to sign in. Add another before removing it.");

    /// <summary>
    /// The signature algorithms offered, in order of preference: ECDSA (what platform authenticators and most security
    /// keys use) and RSA (Windows Hello). EdDSA is left out: fido2-net-lib verifies it through NSec, whose served version
    /// here differs from the one it was built against, and no test authenticator here makes EdDSA keys to prove it.
    /// </summary>
    private static readonly IReadOnlyList<PubKeyCredParam> Algorithms =
        [PubKeyCredParam.ES256, PubKeyCredParam.ES384, PubKeyCredParam.ES512, PubKeyCredParam.PS256, PubKeyCredParam.RS256];

    public void Map(RouteGroupBuilder group)
    {
        var passkeys = group.MapGroup("/passkeys");
        passkeys.MapGet("", ListAsync).Describe("The account's passkeys.")
            .Answers<List<PasskeyResponse>>().RequireSession();
        passkeys.MapPost("/register/options", RegisterOptionsAsync).Describe("Starts a passkey registration (fresh session): the options for navigator.credentials.create().")
            .Answers<CredentialCreateOptions>().Refuses(StatusCodes.Status409Conflict).RequireFreshSession().Limited();
        passkeys.MapPost("/register", RegisterAsync).Describe("Completes the registration with the browser's answer (its toJSON() form); ?name= names the passkey.")
            .Reads<AuthenticatorAttestationRawResponse>().Answers<PasskeyResponse>(StatusCodes.Status201Created).Refuses(StatusCodes.Status409Conflict).RequireSession().Limited();
        passkeys.MapPost("/login/options", SignInOptionsAsync).Describe("Starts a passkey sign-in (passwordless, or the second step): the options for navigator.credentials.get().")
            .Answers<AssertionOptions>().Refuses(StatusCodes.Status409Conflict).Limited();
        passkeys.MapPost("/login", SignInAsync).Describe("Completes a passkey sign-in with the browser's answer.")
            .Reads<AuthenticatorAssertionRawResponse>().Answers<SessionResponse>().Limited();
        passkeys.MapPost("/reauthenticate/options", ReauthenticateOptionsAsync).Describe("Starts a re-authentication with a passkey of this account.")
            .Answers<AssertionOptions>().Refuses(StatusCodes.Status409Conflict).RequireSession().Limited();
        passkeys.MapPost("/reauthenticate", ReauthenticateAsync).Describe("Completes the re-authentication: the session becomes fresh.")
            .Reads<AuthenticatorAssertionRawResponse>().AnswersEmpty().RequireSession().Limited();
        passkeys.MapPatch("/{id}", RenameAsync).Describe("Renames a passkey.")
            .Reads<RenamePasskeyRequest>().Answers<PasskeyResponse>().Refuses(StatusCodes.Status404NotFound).RequireSession().Limited();
        passkeys.MapDelete("/{id}", RemoveAsync).Describe("Removes a passkey (fresh session); never the last way to sign in.")
            .AnswersEmpty().Refuses(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict).RequireFreshSession().Limited();
    }

    private static async Task<IResult> ListAsync(HttpContext http, IAuthGuard guard, IUserPasskeyStore store)
    {
        var user = await guard.GetUserAsync(http.RequestAborted).ConfigureAwait(false);
        var passkeys = await store.GetPasskeysAsync(user.Id, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(passkeys.Select(PasskeyResponse.From).ToList(), PasskeyJsonContext.Default.ListPasskeyResponse);
    }

    /// <summary>Starts a registration: creation options for a discoverable credential with user verification, attestation "none".</summary>
    private static async Task<IResult> RegisterOptionsAsync(HttpContext http, IAuthGuard guard, IUserPasskeyStore store, IFido2 fido2, PasskeyChallenges challenges, IOptions<PasskeyOptions> options)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var existing = await store.GetPasskeysAsync(user.Id, ct).ConfigureAwait(false);
        if (existing.Count >= options.Value.MaxPasskeysPerUser)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "No more passkeys.", Limit);
        }

        // One random handle per user, shared by all of the user's passkeys: authenticators see it, never the id or address.
        var handle = existing.Count > 0 ? existing[0].UserHandle : RandomNumberGenerator.GetBytes(32);
        var creation = fido2.RequestNewCredential(new RequestNewCredentialParams
        {
            User = new Fido2User { Id = handle, Name = user.Email, DisplayName = user.Email },
            ExcludeCredentials = existing.Select(p => new PublicKeyCredentialDescriptor(p.CredentialId)).ToList(),
            AuthenticatorSelection = new AuthenticatorSelection
            {
                ResidentKey = ResidentKeyRequirement.Required,
                UserVerification = UserVerificationRequirement.Required,
            },
            AttestationPreference = AttestationConveyancePreference.None,
            PubKeyCredParams = Algorithms,
            Extensions = new AuthenticationExtensionsClientInputs { CredProps = true },
        });
        var json = creation.ToJson();
        await challenges.IssueAsync(http, new PasskeyChallenges.Challenge(ChallengeKind.Register, user.Id, json), ct).ConfigureAwait(false);
        return Results.Text(json, "application/json");
    }

    /// <summary>Completes a registration with the browser's credential (<c>toJSON()</c> form); <c>?name=</c> names it.</summary>
    private static async Task<IResult> RegisterAsync(HttpContext http, IAuthGuard guard, IUserPasskeyStore store, IFido2 fido2, PasskeyChallenges challenges, AuthKitEvents events, TimeProvider time, ILogger<PasskeyEndpoints> logger, IOptions<AuthKitOptions> authKit, string? name = null)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var challenge = await challenges.ConsumeAsync(http, ct).ConfigureAwait(false);
        var (credential, invalid) = await JsonBody.ReadAsync(http, PasskeyJsonContext.Default.AuthenticatorAttestationRawResponse, authKit.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (challenge is not { Kind: ChallengeKind.Register } || challenge.UserId != user.Id)
        {
            return Refusals.Invalid("Passkey not added.", [ChallengeGone]);
        }

        if (credential!.Response is null || credential.RawId is not { Length: > 0 })
        {
            return Refusals.Invalid("Passkey not added.", [Invalid]);
        }

        if (!TryName(name, out var passkeyName))
        {
            return Refusals.Invalid("Passkey not added.", [NameInvalid]);
        }

        RegisteredPublicKeyCredential registered;
        try
        {
            registered = await fido2.MakeNewCredentialAsync(
                new MakeNewCredentialParams
                {
                    AttestationResponse = credential!,
                    OriginalOptions = CredentialCreateOptions.FromJson(challenge.Options),
                    IsCredentialIdUniqueToUserCallback = async (args, token) => await store.FindPasskeyAsync(args.CredentialId, token).ConfigureAwait(false) is null,
                },
                ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
            Log.Refused(logger, "registration", Reason(exception));
            return exception is Fido2VerificationException { Code: Fido2NetLib.Exceptions.Fido2ErrorCode.NonUniqueCredentialId }
                ? Refusals.Coded(StatusCodes.Status409Conflict, "Passkey not added.", Exists)
                : Refusals.Invalid("Passkey not added.", [Invalid]);
        }

        var passkey = new UserPasskey
        {
            CredentialId = registered.Id,
            UserId = user.Id,
            UserHandle = registered.User.Id,
            PublicKey = registered.PublicKey,
            SignCount = registered.SignCount,
            Transports = registered.Transports?.Select(TransportName).ToList() ?? [],
            Name = passkeyName,
            CreatedAt = time.GetUtcNow(),
            IsBackupEligible = registered.IsBackupEligible,
            IsBackedUp = registered.IsBackedUp,
            AaGuid = registered.AaGuid,
        };
        if (!await store.AddPasskeyAsync(passkey, ct).ConfigureAwait(false))
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "Passkey not added.", Exists);
        }

        Notify(http, EmailKind.PasskeyAdded, user.Email);
        await events.RaiseAsync(AuthKitEventType.PasskeyAdded, http, user.Id, ct).ConfigureAwait(false);
        return Results.Json(PasskeyResponse.From(passkey), PasskeyJsonContext.Default.PasskeyResponse, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Starts a sign-in. With a pending sign-in (the password was right): the second step, for that user's passkeys only.
    /// Otherwise passwordless: any discoverable passkey, with user verification required (the browser's autofill uses this).
    /// </summary>
    private static async Task<IResult> SignInOptionsAsync(HttpContext http, IUserPasskeyStore store, IFido2 fido2, PasskeyChallenges challenges, string? returnUrl = null)
    {
        var ct = http.RequestAborted;
        if (TwoFactorEndpointHandlers.ReadPending(http) is { } pending)
        {
            var passkeys = await store.GetPasskeysAsync(pending.UserId, ct).ConfigureAwait(false);
            if (passkeys.Count == 0)
            {
                // An empty allow list would ask for any discoverable passkey: say there is none instead.
                return Refusals.Coded(StatusCodes.Status409Conflict, "No passkey.", None);
            }

            var second = fido2.GetAssertionOptions(new GetAssertionOptionsParams
            {
                AllowedCredentials = passkeys.Select(Descriptor).ToList(),
                UserVerification = UserVerificationRequirement.Preferred,
            });
            var json = second.ToJson();
            await challenges.IssueAsync(http, new PasskeyChallenges.Challenge(ChallengeKind.SecondFactor, pending.UserId, json), ct).ConfigureAwait(false);
            return Results.Text(json, "application/json");
        }

        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams { UserVerification = UserVerificationRequirement.Required });
        var passwordless = options.ToJson();
        await challenges.IssueAsync(http, new PasskeyChallenges.Challenge(ChallengeKind.SignIn, null, passwordless, returnUrl), ct).ConfigureAwait(false);
        return Results.Text(passwordless, "application/json");
    }

    /// <summary>Completes a sign-in with the browser's assertion: a new session (new id), or the pending sign-in's second step.</summary>
    private static async Task<IResult> SignInAsync(HttpContext http, PasskeyChallenges challenges, IUserStore users, ISessionManager sessions, AuthKitEvents events, IOptions<RoutePolicyOptions> routes, IOptions<AuthKitOptions> authKit)
    {
        var ct = http.RequestAborted;
        var challenge = await challenges.ConsumeAsync(http, ct).ConfigureAwait(false);
        var (assertion, invalid) = await JsonBody.ReadAsync(http, PasskeyJsonContext.Default.AuthenticatorAssertionRawResponse, authKit.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        switch (challenge?.Kind)
        {
            case ChallengeKind.SecondFactor:
                // The pending sign-in must still be there, and be the one the challenge was made for.
                if (TwoFactorEndpointHandlers.ReadPending(http) is not { } pending || pending.UserId != challenge.UserId)
                {
                    return Refusals.Invalid("Not signed in.", [ChallengeGone]);
                }

                var (_, refusal) = await VerifyAsync(http, challenge, assertion!, pending.UserId, ct).ConfigureAwait(false);
                return refusal ?? await TwoFactorEndpointHandlers.CompleteAsync(http, pending, false, null, ct).ConfigureAwait(false);

            case ChallengeKind.SignIn:
                // A discoverable credential names its user: the handle is required, and must be the one stored with it.
                if (assertion!.Response?.UserHandle is not { Length: > 0 })
                {
                    await events.RaiseAsync(AuthKitEventType.PasskeyFailed, http, null, ct).ConfigureAwait(false);
                    return Refusals.Invalid("Not signed in.", [Invalid]);
                }

                var (passkey, refused) = await VerifyAsync(http, challenge, assertion, null, ct).ConfigureAwait(false);
                if (refused is not null)
                {
                    return refused;
                }

                if (await users.FindByIdAsync(passkey!.UserId, ct).ConfigureAwait(false) is not { } user)
                {
                    return Refusals.Invalid("Not signed in.", [Invalid]);
                }

                // A passkey with user verification is two factors in one (the device, and the PIN or biometric that
                // unlocked it): no second step follows, and the new session is fresh.
                var session = await sessions.CreateAsync(http, user, cancellationToken: ct).ConfigureAwait(false);
                await events.RaiseAsync(AuthKitEventType.SignInSucceeded, http, user.Id, ct).ConfigureAwait(false);
                return Results.Json(new SessionResponse(session, ReturnUrl.LocalOr(challenge.ReturnUrl, routes.Value.LandingPath)), AuthKit.Endpoints.AuthKitJsonContext.Default.SessionResponse);

            default:
                return Refusals.Invalid("Not signed in.", [ChallengeGone]);
        }
    }

    /// <summary>Starts a step-up with one of the signed-in user's passkeys.</summary>
    private static async Task<IResult> ReauthenticateOptionsAsync(HttpContext http, IAuthGuard guard, IUserPasskeyStore store, IFido2 fido2, PasskeyChallenges challenges)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var passkeys = await store.GetPasskeysAsync(user.Id, ct).ConfigureAwait(false);
        if (passkeys.Count == 0)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "No passkey.", None);
        }

        var options = fido2.GetAssertionOptions(new GetAssertionOptionsParams
        {
            AllowedCredentials = passkeys.Select(Descriptor).ToList(),
            UserVerification = UserVerificationRequirement.Preferred,
        });
        var json = options.ToJson();
        await challenges.IssueAsync(http, new PasskeyChallenges.Challenge(ChallengeKind.Reauthenticate, user.Id, json), ct).ConfigureAwait(false);
        return Results.Text(json, "application/json");
    }

    /// <summary>Completes a step-up: a passkey of this user proves a factor now, so a new (fresh) session starts.</summary>
    private static async Task<IResult> ReauthenticateAsync(HttpContext http, IAuthGuard guard, PasskeyChallenges challenges, ISessionManager sessions, AuthKitEvents events, IOptions<AuthKitOptions> authKit)
    {
        var ct = http.RequestAborted;
        var session = await guard.RequireSessionAsync(ct).ConfigureAwait(false);
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var challenge = await challenges.ConsumeAsync(http, ct).ConfigureAwait(false);
        var (assertion, invalid) = await JsonBody.ReadAsync(http, PasskeyJsonContext.Default.AuthenticatorAssertionRawResponse, authKit.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (challenge is not { Kind: ChallengeKind.Reauthenticate } || challenge.UserId != user.Id)
        {
            return Refusals.Invalid("Not reauthenticated.", [ChallengeGone]);
        }

        var (_, refusal) = await VerifyAsync(http, challenge, assertion!, user.Id, ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        await sessions.CreateAsync(http, user, session.Values, ct).ConfigureAwait(false);
        await events.RaiseAsync(AuthKitEventType.Reauthenticated, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    private static async Task<IResult> RenameAsync(HttpContext http, string id, IAuthGuard guard, IUserPasskeyStore store, IOptions<AuthKitOptions> authKit)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var (input, invalid) = await JsonBody.ReadAsync(http, PasskeyJsonContext.Default.RenamePasskeyRequest, authKit.Value.Endpoints.MaxRequestBodySize).ConfigureAwait(false);
        if (invalid is not null)
        {
            return invalid;
        }

        if (!TryName(input!.Name, out var name) || input.Name is null)
        {
            return Refusals.Invalid("Passkey not renamed.", [NameInvalid]);
        }

        if (await FindOwnAsync(store, user.Id, id, ct).ConfigureAwait(false) is not { } passkey
            || !await store.UpdatePasskeyAsync(passkey with { Name = name }, ct).ConfigureAwait(false))
        {
            return Refusals.Problem(StatusCodes.Status404NotFound, "No such passkey.");
        }

        return Results.Json(PasskeyResponse.From(passkey with { Name = name }), PasskeyJsonContext.Default.PasskeyResponse);
    }

    /// <summary>Removes one of the user's passkeys (fresh session), unless it is the account's only way to sign in.</summary>
    private static async Task<IResult> RemoveAsync(HttpContext http, string id, IAuthGuard guard, IUserPasskeyStore store, AuthKitEvents events)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        if (await FindOwnAsync(store, user.Id, id, ct).ConfigureAwait(false) is not { } passkey)
        {
            return Refusals.Problem(StatusCodes.Status404NotFound, "No such passkey.");
        }

        if (await SignInMethods.CountAsync(http.RequestServices, user, ct).ConfigureAwait(false) <= 1)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "Passkey not removed.", LastMethod);
        }

        if (!await store.RemovePasskeyAsync(user.Id, passkey.CredentialId, ct).ConfigureAwait(false))
        {
            return Refusals.Problem(StatusCodes.Status404NotFound, "No such passkey.");
        }

        Notify(http, EmailKind.PasskeyRemoved, user.Email);
        await events.RaiseAsync(AuthKitEventType.PasskeyRemoved, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>
    /// Verifies an assertion against the stored passkey it names: owned by <paramref name="expectedUserId"/> when one is
    /// expected, made for this challenge, origin and relying party, signed by the stored key, with the user handle stored
    /// with it and a signature counter that moved forward. On success the passkey's counter, backup state and last use are kept.
    /// </summary>
    private static async Task<(UserPasskey? Passkey, IResult? Refusal)> VerifyAsync(HttpContext http, PasskeyChallenges.Challenge challenge, AuthenticatorAssertionRawResponse assertion, string? expectedUserId, CancellationToken ct)
    {
        var services = http.RequestServices;
        var store = services.GetRequiredService<IUserPasskeyStore>();
        var events = services.GetRequiredService<AuthKitEvents>();
        var logger = services.GetRequiredService<ILogger<PasskeyEndpoints>>();
        var refusal = Refusals.Invalid("Passkey not accepted.", [Invalid]);

        var passkey = assertion.RawId is { Length: > 0 } rawId && assertion.Response is not null ? await store.FindPasskeyAsync(rawId, ct).ConfigureAwait(false) : null;
        if (passkey is null || (expectedUserId is not null && passkey.UserId != expectedUserId))
        {
            Log.Refused(logger, "assertion", passkey is null ? "unknown credential" : "another user's credential");
            await events.RaiseAsync(AuthKitEventType.PasskeyFailed, http, expectedUserId, ct).ConfigureAwait(false);
            return (null, refusal);
        }

        VerifyAssertionResult result;
        try
        {
            result = await services.GetRequiredService<IFido2>().MakeAssertionAsync(
                new MakeAssertionParams
                {
                    AssertionResponse = assertion,
                    OriginalOptions = AssertionOptions.FromJson(challenge.Options),
                    StoredPublicKey = passkey.PublicKey,
                    StoredSignatureCounter = passkey.SignCount,
                    IsUserHandleOwnerOfCredentialIdCallback = (args, _) => Task.FromResult(
                        args.UserHandle.AsSpan().SequenceEqual(passkey.UserHandle) && args.CredentialId.AsSpan().SequenceEqual(passkey.CredentialId)),
                },
                ct).ConfigureAwait(false);
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
            Log.Refused(logger, "assertion", Reason(exception));
            var regressed = exception is Fido2VerificationException { Code: Fido2NetLib.Exceptions.Fido2ErrorCode.InvalidSignCount };
            await events.RaiseAsync(regressed ? AuthKitEventType.PasskeySignCountRegressed : AuthKitEventType.PasskeyFailed, http, passkey.UserId, ct).ConfigureAwait(false);
            return (null, refusal);
        }

        var used = passkey with
        {
            SignCount = result.SignCount,
            IsBackedUp = result.IsBackedUp,
            LastUsedAt = services.GetRequiredService<TimeProvider>().GetUtcNow(),
        };
        await store.UpdatePasskeyAsync(used, ct).ConfigureAwait(false);
        return (used, null);
    }

    private static async Task<UserPasskey?> FindOwnAsync(IUserPasskeyStore store, string userId, string id, CancellationToken ct)
    {
        byte[] credentialId;
        try
        {
            credentialId = Base64Url.DecodeFromChars(id);
        }
        catch (FormatException)
        {
            return null;
        }

        return credentialId.Length > 0 && await store.FindPasskeyAsync(credentialId, ct).ConfigureAwait(false) is { } passkey && passkey.UserId == userId ? passkey : null;
    }

    private static PublicKeyCredentialDescriptor Descriptor(UserPasskey passkey)
        => new(PublicKeyCredentialType.PublicKey, passkey.CredentialId, passkey.Transports.Select(TransportOf).OfType<AuthenticatorTransport>().ToArray());

    private static string TransportName(AuthenticatorTransport transport) => transport switch
    {
        AuthenticatorTransport.Usb => "usb",
        AuthenticatorTransport.Nfc => "nfc",
        AuthenticatorTransport.Ble => "ble",
        AuthenticatorTransport.SmartCard => "smart-card",
        AuthenticatorTransport.Hybrid => "hybrid",
        AuthenticatorTransport.Internal => "internal",
        _ => transport.ToString().ToLowerInvariant(),
    };

    private static AuthenticatorTransport? TransportOf(string name) => name switch
    {
        "usb" => AuthenticatorTransport.Usb,
        "nfc" => AuthenticatorTransport.Nfc,
        "ble" => AuthenticatorTransport.Ble,
        "smart-card" => AuthenticatorTransport.SmartCard,
        "hybrid" => AuthenticatorTransport.Hybrid,
        "internal" => AuthenticatorTransport.Internal,
        _ => null,
    };

    private static bool TryName(string? input, out string name)
    {
        name = string.IsNullOrWhiteSpace(input) ? "Passkey" : input.Trim();
        return name.Length <= 64 && !name.Any(char.IsControl);
    }

    /// <summary>What the browser sent could not be verified: malformed data is as refused as a bad signature.</summary>
    private static bool IsRefusal(Exception exception)
        => exception is Fido2VerificationException or FormatException or ArgumentException or InvalidOperationException
            or System.Formats.Cbor.CborContentException or System.Text.Json.JsonException or CryptographicException
            && exception is not OperationCanceledException;

    private static string Reason(Exception exception)
        => exception is Fido2VerificationException fido ? fido.Code.ToString() : exception.GetType().Name;

    private static void Notify(HttpContext http, EmailKind kind, string email)
        => http.RequestServices.GetService<AccountMail>()?.Enqueue(MailWorks.Notice(kind.ToString(), kind, email, CultureInfo.CurrentUICulture));

    private static partial class Log
    {
        [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "A passkey {Ceremony} was refused: {Reason}.")]
        public static partial void Refused(ILogger logger, string ceremony, string reason);
    }
}
