using System.Security.Claims;
using AuthKit.Accounts;
using AuthKit.Authorization;
using AuthKit.Credentials;
using AuthKit.Events;
using AuthKit.External;
using AuthKit.Http;
using AuthKit.Internal;
using AuthKit.Sessions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>
/// External sign-in (mapped by <c>MapAuthKitEndpoints</c> with <c>AddExternalLogins()</c>). ASP.NET Core's remote
/// handlers (OpenID Connect, Google, Microsoft, the aspnet-contrib providers) run the protocol (state, nonce, PKCE) and
/// sign their result in to AuthKit's external cookie scheme, as they sign in to Identity's; the completion endpoint here
/// reads it once, applies the linking rules and starts an AuthKit session (or the second step).
/// </summary>
internal static partial class ExternalEndpointHandlers
{
    private const string ProviderItem = "authkit.provider";
    private const string ReturnUrlItem = "authkit.returnUrl";
    private const string LinkItem = "authkit.link";
    private const string LinkPurpose = "external-link";
    private static readonly AuthKitError NoProvider = new("provider_unknown", "There is no such sign-in provider.");
    private static readonly AuthKitError NotLinked = new("login_not_found", "This account has no login of that provider.");
    private static readonly AuthKitError LastMethod = new(AuthKitErrorCodes.LastSignInMethod, "This login is the account's only way to sign in. Add a password or a passkey before unlinking it.");

    /// <summary>The providers a page can offer: every registered remote scheme (name and display name).</summary>
    public static async Task<IResult> ProvidersAsync(IAuthenticationSchemeProvider schemes)
        => Results.Json((await RemoteSchemesAsync(schemes).ConfigureAwait(false)).Select(s => new ExternalProviderResponse(s.Name, s.DisplayName ?? s.Name)).ToList(), AuthKitJsonContext.Default.ListExternalProviderResponse);

    /// <summary>Starts a sign-in at the provider; the return URL must be local (and is checked again on the way back).</summary>
    public static async Task<IResult> ChallengeAsync(HttpContext http, string provider, string? returnUrl, string? link, IAuthenticationSchemeProvider schemes, IOptions<RoutePolicyOptions> routes, IOptions<AuthKitOptions> options)
    {
        if (!await IsRemoteAsync(schemes, provider).ConfigureAwait(false))
        {
            return Refusals.Coded(StatusCodes.Status404NotFound, "No such provider.", NoProvider);
        }

        if (link is null)
        {
            return Challenge(http, provider, ReturnUrl.LocalOr(returnUrl, routes.Value.LandingPath), null);
        }

        // Linking: the one-time token the link endpoint gave this user, in this user's session, for this provider.
        var session = await http.RequestServices.GetRequiredService<IAuthGuard>().GetSessionAsync(http.RequestAborted).ConfigureAwait(false);
        var token = session is null ? null : await http.RequestServices.GetRequiredService<Tokens.OneTimeTokens>()
            .ConsumeAsync(link, LinkPurpose, session.UserId, http.RequestAborted).ConfigureAwait(false);
        if (token?.Data != provider)
        {
            return Error(http, options.Value.ExternalLogins, routes.Value, AuthKitErrorCodes.ExternalFailed);
        }

        return Challenge(http, provider, ReturnUrl.LocalOr(returnUrl, routes.Value.LandingPath), session!.UserId);
    }

    /// <summary>
    /// Starts linking a provider to the signed-in user (fresh session): answers the URL the browser navigates to, which
    /// carries a one-time token (5 minutes, this user, this provider). The callback then links the provider's subject to
    /// this user only, and only while this user is still signed in.
    /// </summary>
    public static async Task<IResult> LinkAsync(HttpContext http, string provider, string? returnUrl, IAuthGuard guard, IAuthenticationSchemeProvider schemes, Tokens.OneTimeTokens tokens)
    {
        var user = await guard.GetUserAsync(http.RequestAborted).ConfigureAwait(false);
        if (!await IsRemoteAsync(schemes, provider).ConfigureAwait(false))
        {
            return Refusals.Coded(StatusCodes.Status404NotFound, "No such provider.", NoProvider);
        }

        var (token, _) = await tokens.IssueAsync(LinkPurpose, user.Id, null, TimeSpan.FromMinutes(5), provider, http.RequestAborted).ConfigureAwait(false);
        var query = QueryString.Create(new KeyValuePair<string, string?>[] { new("link", token), new("returnUrl", ReturnUrl.LocalOr(returnUrl, "/")) });
        return Results.Json(new ExternalLinkResponse(Prefix(http) + "/external/" + Uri.EscapeDataString(provider) + query), AuthKitJsonContext.Default.ExternalLinkResponse);
    }

    /// <summary>
    /// The provider's answer, once: the external cookie is read and deleted, then the subject signs its user in, is
    /// linked, creates an account, or is refused, following the linking rules (docs/security-model.md). The browser goes
    /// to the return URL, the second step, or the error page with a code; never a 500, and nothing half-created.
    /// </summary>
    public static async Task<IResult> CallbackAsync(HttpContext http, ILogger<ExternalSignIn> logger)
    {
        var services = http.RequestServices;
        var options = services.GetRequiredService<IOptions<AuthKitOptions>>().Value.ExternalLogins;
        var routes = services.GetRequiredService<IOptions<RoutePolicyOptions>>().Value;
        var events = services.GetRequiredService<AuthKitEvents>();
        var ct = http.RequestAborted;

        var result = await http.AuthenticateAsync(AuthKitDefaults.ExternalScheme).ConfigureAwait(false);
        await http.SignOutAsync(AuthKitDefaults.ExternalScheme).ConfigureAwait(false);
        if (!result.Succeeded || result.Properties?.Items.TryGetValue(ProviderItem, out var provider) != true || provider is null
            || Subject(result.Principal!) is not { Length: > 0 } subject)
        {
            Log.Failed(logger, "no provider answer (expired, used already, or never started here)");
            await events.RaiseAsync(AuthKitEventType.ExternalSignInFailed, http, null, ct).ConfigureAwait(false);
            return Error(http, options, routes, AuthKitErrorCodes.ExternalFailed);
        }

        var items = result.Properties!.Items;
        var returnUrl = ReturnUrl.LocalOr(items.TryGetValue(ReturnUrlItem, out var back) ? back : null, routes.LandingPath);
        var principal = result.Principal!;
        var logins = services.GetRequiredService<IUserLoginStore>();
        var users = services.GetRequiredService<IUserStore>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();

        // Linking from a signed-in session: to that user only.
        if (items.TryGetValue(LinkItem, out var linkUserId) && linkUserId is not null)
        {
            var session = await services.GetRequiredService<IAuthGuard>().GetSessionAsync(ct).ConfigureAwait(false);
            if (session?.UserId != linkUserId)
            {
                Log.Failed(logger, "the session that started linking has ended");
                await events.RaiseAsync(AuthKitEventType.ExternalSignInFailed, http, linkUserId, ct).ConfigureAwait(false);
                return Error(http, options, routes, AuthKitErrorCodes.ExternalFailed);
            }

            var owner = await logins.FindUserByLoginAsync(provider, subject, ct).ConfigureAwait(false);
            if (owner == linkUserId)
            {
                return Results.Redirect(returnUrl);
            }

            if (owner is not null || !await logins.AddLoginAsync(new ExternalLogin(linkUserId, provider, subject, now), ct).ConfigureAwait(false))
            {
                await events.RaiseAsync(AuthKitEventType.ExternalSignInFailed, http, linkUserId, ct).ConfigureAwait(false);
                return Error(http, options, routes, AuthKitErrorCodes.LoginTaken, returnUrl);
            }

            await events.RaiseAsync(AuthKitEventType.LoginLinked, http, linkUserId, ct).ConfigureAwait(false);
            return Results.Redirect(returnUrl);
        }

        var (user, refusal) = await ResolveAsync(http, options, provider, subject, principal, logins, users, now, ct).ConfigureAwait(false);
        if (user is null)
        {
            Log.Failed(logger, refusal!);
            await events.RaiseAsync(AuthKitEventType.ExternalSignInFailed, http, null, ct).ConfigureAwait(false);
            return Error(http, options, routes, refusal!);
        }

        // With Email:RequireVerified, an account whose address is not verified does not sign in (as with a password).
        if (services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email.RequireVerified
            && services.GetService<IUserEmailStore>() is { } emailStore
            && !await emailStore.GetEmailVerifiedAsync(user, ct).ConfigureAwait(false))
        {
            Log.Failed(logger, "the account's address is not verified");
            await events.RaiseAsync(AuthKitEventType.ExternalSignInFailed, http, user.Id, ct).ConfigureAwait(false);
            return Error(http, options, routes, AuthKitErrorCodes.EmailUnverified);
        }

        // A user with a second factor passes the second step, unless this provider is trusted to have asked for one.
        var mfaDone = options.TrustedForMfa.Contains(provider, StringComparer.Ordinal) && Claims(principal, "amr", "http://schemas.microsoft.com/claims/authnmethodsreferences").Contains("mfa", StringComparer.Ordinal);
        if (!mfaDone && await TwoFactorEndpointHandlers.BeginSecondFactorAsync(http, user, returnUrl, ct).ConfigureAwait(false) is not null)
        {
            return Results.Redirect(options.SecondFactorPath);
        }

        await services.GetRequiredService<ISessionManager>().CreateAsync(http, user, cancellationToken: ct).ConfigureAwait(false);
        await events.RaiseAsync(AuthKitEventType.ExternalSignIn, http, user.Id, ct).ConfigureAwait(false);
        return Results.Redirect(returnUrl);
    }

    public static async Task<IResult> ListAsync(HttpContext http, IAuthGuard guard, IUserLoginStore logins, IAuthenticationSchemeProvider schemes)
    {
        var user = await guard.GetUserAsync(http.RequestAborted).ConfigureAwait(false);
        var remote = (await RemoteSchemesAsync(schemes).ConfigureAwait(false)).ToDictionary(s => s.Name, s => s.DisplayName ?? s.Name, StringComparer.Ordinal);
        var linked = await logins.GetLoginsAsync(user.Id, http.RequestAborted).ConfigureAwait(false);
        return Results.Json(linked.Select(l => new LinkedLoginResponse(l.Provider, remote.GetValueOrDefault(l.Provider, l.Provider), l.CreatedAt)).ToList(), AuthKitJsonContext.Default.ListLinkedLoginResponse);
    }

    /// <summary>Unlinks a provider (fresh session), unless it is the account's only way to sign in.</summary>
    public static async Task<IResult> UnlinkAsync(HttpContext http, string provider, IAuthGuard guard, IUserLoginStore logins, AuthKitEvents events)
    {
        var ct = http.RequestAborted;
        var user = await guard.GetUserAsync(ct).ConfigureAwait(false);
        var linked = await logins.GetLoginsAsync(user.Id, ct).ConfigureAwait(false);
        if (!linked.Any(l => l.Provider == provider))
        {
            return Refusals.Coded(StatusCodes.Status404NotFound, "No such login.", NotLinked);
        }

        if (await SignInMethods.CountAsync(http.RequestServices, user, ct).ConfigureAwait(false) <= 1)
        {
            return Refusals.Coded(StatusCodes.Status409Conflict, "Login not unlinked.", LastMethod);
        }

        if (!await logins.RemoveLoginAsync(user.Id, provider, ct).ConfigureAwait(false))
        {
            return Refusals.Coded(StatusCodes.Status404NotFound, "No such login.", NotLinked);
        }

        await events.RaiseAsync(AuthKitEventType.LoginUnlinked, http, user.Id, ct).ConfigureAwait(false);
        return Results.NoContent();
    }

    /// <summary>
    /// The linking rules: a known subject signs its user in; an unknown one links to a local account only when the
    /// provider is trusted for email, says the address is verified, and the local address is verified too; otherwise an
    /// existing address needs the user to sign in and link; a new address creates an account when sign-up is allowed.
    /// </summary>
    private static async Task<(IAuthKitUser? User, string? Refusal)> ResolveAsync(
        HttpContext http, ExternalLoginOptions options, string provider, string subject, ClaimsPrincipal principal, IUserLoginStore logins, IUserStore users, DateTimeOffset now, CancellationToken ct)
    {
        if (await logins.FindUserByLoginAsync(provider, subject, ct).ConfigureAwait(false) is { } known)
        {
            return await users.FindByIdAsync(known, ct).ConfigureAwait(false) is { } user ? (user, null) : (null, AuthKitErrorCodes.ExternalFailed);
        }

        var claimed = Claims(principal, ClaimTypes.Email, "email").FirstOrDefault();
        if (claimed is null || !EmailAddress.TryNormalize(claimed, out var email))
        {
            return (null, AuthKitErrorCodes.EmailRequired);
        }

        var providerVerified = Claims(principal, "email_verified").Any(v => v.Equals("true", StringComparison.OrdinalIgnoreCase));
        if (await users.FindByEmailAsync(email, ct).ConfigureAwait(false) is { } existing)
        {
            // Never on an unverified address, on either side, and only from a provider trusted to verify addresses.
            var trusted = options.TrustedForEmail.Contains(provider, StringComparer.Ordinal) && providerVerified
                && http.RequestServices.GetService<IUserEmailStore>() is { } emails
                && await emails.GetEmailVerifiedAsync(existing, ct).ConfigureAwait(false);
            if (!trusted)
            {
                return (null, AuthKitErrorCodes.LinkRequired);
            }

            if (!await logins.AddLoginAsync(new ExternalLogin(existing.Id, provider, subject, now), ct).ConfigureAwait(false))
            {
                return (null, AuthKitErrorCodes.LoginTaken);
            }

            await http.RequestServices.GetRequiredService<AuthKitEvents>().RaiseAsync(AuthKitEventType.LoginLinked, http, existing.Id, ct).ConfigureAwait(false);
            return (existing, null);
        }

        if (!options.AllowSignUp)
        {
            return (null, AuthKitErrorCodes.SignUpDisabled);
        }

        if (!providerVerified && http.RequestServices.GetRequiredService<IOptions<AuthKitOptions>>().Value.Email.RequireVerified)
        {
            // Sign-up needs a verified address here: an account the provider did not verify is not created.
            return (null, AuthKitErrorCodes.EmailUnverified);
        }

        // A new account without a password: the address counts as verified only when the provider says so.
        var created = await users.CreateAsync(new NewUser(email, string.Empty) { EmailVerified = providerVerified }, ct).ConfigureAwait(false);
        if (created is null)
        {
            // The address was taken between the look-up and the insert: treat it as the existing account it now is.
            return (null, AuthKitErrorCodes.LinkRequired);
        }

        if (!await logins.AddLoginAsync(new ExternalLogin(created.Id, provider, subject, now), ct).ConfigureAwait(false))
        {
            // Another request linked this subject at the same moment; the account just made has no way in: the
            // subject's own sign-in goes on as the winner's.
            return await logins.FindUserByLoginAsync(provider, subject, ct).ConfigureAwait(false) is { } winner
                && await users.FindByIdAsync(winner, ct).ConfigureAwait(false) is { } user
                ? (user, null)
                : (null, AuthKitErrorCodes.ExternalFailed);
        }

        await http.RequestServices.GetRequiredService<AuthKitEvents>().RaiseAsync(AuthKitEventType.SignedUp, http, created.Id, ct).ConfigureAwait(false);
        return (created, null);
    }

    private static IResult Challenge(HttpContext http, string provider, string returnUrl, string? linkUserId)
    {
        var properties = new AuthenticationProperties { RedirectUri = Prefix(http) + "/external/callback" };
        properties.Items[ProviderItem] = provider;
        properties.Items[ReturnUrlItem] = returnUrl;
        if (linkUserId is not null)
        {
            properties.Items[LinkItem] = linkUserId;
        }

        return new ChallengeResult(provider, properties);
    }

    /// <summary>
    /// The challenge, run here rather than as <c>Results.Challenge</c>: a provider that cannot be reached (its metadata
    /// times out, say) ends on the error page with <c>external_failed</c>, not in a 500.
    /// </summary>
    private sealed class ChallengeResult(string provider, AuthenticationProperties properties) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                await httpContext.ChallengeAsync(provider, properties).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidOperationException or TaskCanceledException
                && !httpContext.RequestAborted.IsCancellationRequested && !httpContext.Response.HasStarted)
            {
                var services = httpContext.RequestServices;
                Log.Failed(services.GetRequiredService<ILogger<ExternalSignIn>>(), $"the challenge at {provider} failed: {exception.GetType().Name}: {exception.Message}");
                await services.GetRequiredService<AuthKitEvents>().RaiseAsync(AuthKitEventType.ExternalSignInFailed, httpContext, null, httpContext.RequestAborted).ConfigureAwait(false);
                httpContext.Response.Clear();
                await Error(httpContext, services.GetRequiredService<IOptions<AuthKitOptions>>().Value.ExternalLogins, services.GetRequiredService<IOptions<RoutePolicyOptions>>().Value, AuthKitErrorCodes.ExternalFailed)
                    .ExecuteAsync(httpContext).ConfigureAwait(false);
            }
        }
    }

    private static string Prefix(HttpContext http)
        => http.Request.PathBase + (http.GetEndpoint()?.Metadata.GetMetadata<AuthKitPrefixMetadata>()?.Prefix ?? "/api/auth");

    internal static IResult Error(HttpContext http, ExternalLoginOptions options, RoutePolicyOptions routes, string code, string? page = null)
    {
        var path = page ?? options.ErrorPath ?? routes.LoginPath ?? "/login";
        return Results.Redirect(path + (path.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "error=" + code);
    }

    private static string? Subject(ClaimsPrincipal principal)
        => Claims(principal, ClaimTypes.NameIdentifier, "sub").FirstOrDefault();

    private static IEnumerable<string> Claims(ClaimsPrincipal principal, params string[] types)
        => principal.Claims.Where(c => types.Contains(c.Type, StringComparer.Ordinal)).Select(c => c.Value);

    private static async Task<bool> IsRemoteAsync(IAuthenticationSchemeProvider schemes, string provider)
        => (await RemoteSchemesAsync(schemes).ConfigureAwait(false)).Any(s => s.Name == provider);

    private static async Task<IEnumerable<AuthenticationScheme>> RemoteSchemesAsync(IAuthenticationSchemeProvider schemes)
        => (await schemes.GetRequestHandlerSchemesAsync().ConfigureAwait(false)).Where(s => typeof(IAuthenticationRequestHandler).IsAssignableFrom(s.HandlerType));

    /// <summary>The log category of external sign-in.</summary>
    internal sealed class ExternalSignIn;

    private static partial class Log
    {
        [LoggerMessage(EventId = 7201, Level = LogLevel.Information, Message = "An external sign-in was refused: {Reason}.")]
        public static partial void Failed(ILogger logger, string reason);
    }
}

/// <summary>A provider a page can offer.</summary>
internal sealed record ExternalProviderResponse(string Name, string DisplayName);

/// <summary>Where the browser goes to link a provider.</summary>
internal sealed record ExternalLinkResponse(string RedirectTo);

/// <summary>A linked login as the list shows it.</summary>
internal sealed record LinkedLoginResponse(string Provider, string DisplayName, DateTimeOffset CreatedAt);

/// <summary>The prefix <c>MapAuthKitEndpoints</c> mapped its group under (the completion endpoint's path is built from it).</summary>
internal sealed record AuthKitPrefixMetadata(string Prefix);
