using Fido2NetLib;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Passkeys;

/// <summary>The relying party as configured: the id, the name and the origins, with their defaults from AuthKit's options.</summary>
internal static class PasskeySettings
{
    public static string? RelyingPartyId(PasskeyOptions options, AuthKitOptions authKit)
        => !string.IsNullOrEmpty(options.RelyingPartyId) ? options.RelyingPartyId
            : Uri.TryCreate(authKit.PublicOrigin, UriKind.Absolute, out var origin) ? origin.Host : null;

    public static IReadOnlyList<string> Origins(PasskeyOptions options, AuthKitOptions authKit)
        => options.Origins.Count > 0 ? [.. options.Origins] : string.IsNullOrEmpty(authKit.PublicOrigin) ? [] : [authKit.PublicOrigin];

    public static Fido2Configuration Configuration(IOptions<PasskeyOptions> passkeys, IOptions<AuthKitOptions> authKit, IHostEnvironment? environment)
    {
        var options = passkeys.Value;
        var all = authKit.Value;
        return new Fido2Configuration
        {
            RPID = RelyingPartyId(options, all),
            RPName = options.RelyingPartyName ?? all.Email.ApplicationName ?? environment?.ApplicationName ?? "AuthKit",
            Origins = Origins(options, all).Select(o => o.TrimEnd('/')).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Timeout = (uint)options.ChallengeLifetime.TotalMilliseconds,
            ChallengeSize = 32,
        };
    }
}
