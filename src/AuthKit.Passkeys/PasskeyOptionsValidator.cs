using System.Globalization;
using System.Net;
using AuthKit.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AuthKit.Passkeys;

/// <summary>
/// Checks <c>AddPasskeys()</c> at start-up: a user store that keeps passkeys, sessions, and a relying party that browsers
/// will accept (the id a domain, each origin an https origin, or http on localhost, whose host is the id or under it).
/// </summary>
internal sealed class PasskeyOptionsValidator(IServiceProvider services, IOptions<AuthKitOptions> authKit) : IValidateOptions<PasskeyOptions>
{
    public ValidateOptionsResult Validate(string? name, PasskeyOptions options)
    {
        var problems = new List<string>();
        if (!KeepsPasskeys())
        {
            problems.Add("AddPasskeys() needs the user store to implement IUserPasskeyStore (the users' passkeys) beside IUserStore; register it with AddUserStore<TStore>().");
        }

        if (services.GetService<IServiceProviderIsService>()?.IsService(typeof(ISessionManager)) != true)
        {
            problems.Add("AddPasskeys() needs sessions: call AddSessions(), AddStatelessSessions() or AddDatabaseSessions().");
        }

        var origins = PasskeySettings.Origins(options, authKit.Value);
        var rpId = PasskeySettings.RelyingPartyId(options, authKit.Value);
        if (origins.Count == 0)
        {
            problems.Add("AddPasskeys() needs the origin passkeys are used from, never taken from the request: set AuthKit:PublicOrigin (e.g. https://app.example.com) or AuthKit:Passkeys:Origins.");
        }
        else if (string.IsNullOrEmpty(rpId) || IPAddress.TryParse(rpId.Trim('[', ']'), out _) || rpId.Contains(':', StringComparison.Ordinal) || rpId.Contains('/', StringComparison.Ordinal))
        {
            problems.Add($"AuthKit:Passkeys:RelyingPartyId is \"{rpId}\"; it must be a domain name (e.g. example.com or localhost), not an IP address, URL or host with a port.");
        }
        else
        {
            foreach (var origin in origins)
            {
                if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/')
                    || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && IsLocalhost(uri.Host))))
                {
                    problems.Add($"The passkey origin \"{origin}\" must be an origin (scheme, host, port; no path) on https, or http on localhost.");
                }
                else if (!uri.Host.Equals(rpId, StringComparison.OrdinalIgnoreCase) && !uri.Host.EndsWith("." + rpId, StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"The passkey origin \"{origin}\" is not on the relying party \"{rpId}\": its host must be {rpId} or a subdomain of it.");
                }
            }
        }

        if (options.ChallengeLifetime < TimeSpan.FromSeconds(30) || options.ChallengeLifetime > TimeSpan.FromMinutes(10))
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "AuthKit:Passkeys:ChallengeLifetime is {0}; it must be between 30 seconds and 10 minutes.", options.ChallengeLifetime));
        }

        if (options.MaxPasskeysPerUser is < 1 or > 100)
        {
            problems.Add(string.Format(CultureInfo.InvariantCulture, "AuthKit:Passkeys:MaxPasskeysPerUser is {0}; it must be between 1 and 100.", options.MaxPasskeysPerUser));
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsLocalhost(string host)
        => host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>An app's own IUserPasskeyStore registration, or a user store that implements it (the default registration).</summary>
    private bool KeepsPasskeys()
    {
        using var scope = services.CreateScope();
        try
        {
            return scope.ServiceProvider.GetService<IUserPasskeyStore>() is not null;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
