using System.Text.Json;
using System.Text.Json.Serialization;
using AuthKit.Http;
using AuthKit.Sessions.Cookies;
using AuthKit.Tokens;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AuthKit.Passkeys;

/// <summary>
/// WebAuthn challenges, held on the server: the options a ceremony was started with live in the one-time token store
/// (in memory, SQLite or Redis, like the reset tokens) under the SHA-256 of a random 256-bit handle, and the browser holds
/// only the handle, in its own cookie (<c>{session cookie}-webauthn</c>: Secure, HttpOnly, SameSite=Strict). Each is
/// consumed atomically once, expires after <see cref="PasskeyOptions.ChallengeLifetime"/>, and a new options call
/// consumes the browser's previous one: one live challenge per browser.
/// </summary>
internal sealed class PasskeyChallenges
{
    private const string Purpose = "passkey-challenge";

    private readonly OneTimeTokens _tokens;
    private readonly IOptions<PasskeyOptions> _options;

    public PasskeyChallenges(OneTimeTokens tokens, SessionCookie session, IOptions<PasskeyOptions> options)
    {
        _tokens = tokens;
        _options = options;
        CookieName = session.Name + "-webauthn";
    }

    public string CookieName { get; }

    public async Task IssueAsync(HttpContext http, Challenge challenge, CancellationToken ct)
    {
        await DiscardAsync(http, ct).ConfigureAwait(false);
        var data = JsonSerializer.Serialize(challenge, PasskeyJsonContext.Default.Challenge);
        var (handle, expiresAt) = await _tokens.IssueAsync(Purpose, challenge.UserId, null, _options.Value.ChallengeLifetime, data, ct).ConfigureAwait(false);
        http.Response.Cookies.Append(CookieName, handle, CookieOptions(expiresAt));
    }

    /// <summary>Takes the browser's challenge, once: the cookie is deleted and the stored challenge consumed, whatever comes next.</summary>
    public async Task<Challenge?> ConsumeAsync(HttpContext http, CancellationToken ct)
    {
        if (Handle(http) is not { } handle)
        {
            return null;
        }

        http.Response.Cookies.Delete(CookieName, CookieOptions(null));
        var token = await _tokens.ConsumeAsync(handle, Purpose, null, ct).ConfigureAwait(false);
        if (token?.Data is not { } data)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(data, PasskeyJsonContext.Default.Challenge);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private async Task DiscardAsync(HttpContext http, CancellationToken ct)
    {
        if (Handle(http) is { } previous)
        {
            await _tokens.ConsumeAsync(previous, Purpose, null, ct).ConfigureAwait(false);
        }
    }

    private string? Handle(HttpContext http)
        => CookieHeader.TryGetValue(http.Request, CookieName, out var value) && !value.IsEmpty ? value.ToString() : null;

    private static CookieOptions CookieOptions(DateTimeOffset? expires) => AuthKit.TwoFactor.TwoFactorCookies.Options(expires);

    /// <summary>What a ceremony was started for, by whom, and the options the browser was given.</summary>
    internal sealed record Challenge(ChallengeKind Kind, string? UserId, string Options, string? ReturnUrl = null);
}

/// <summary>The ceremony a challenge belongs to; an answer is only taken by the endpoint of its kind.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ChallengeKind>))]
internal enum ChallengeKind
{
    Register,
    SignIn,
    SecondFactor,
    Reauthenticate,
}
