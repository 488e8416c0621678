using System.Globalization;
using AuthKit.Accounts;
using AuthKit.Credentials;
using AuthKit.Mail;
using AuthKit.Sessions;
using AuthKit.Sessions.Sealing;
using AuthKit.TwoFactor;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Internal;

/// <summary>
/// Validates <see cref="AuthKitOptions"/> and the registrations AuthKit needs, reporting every problem in
/// one message at start-up (<c>ValidateOnStart</c>).
/// </summary>
internal sealed class AuthKitOptionsValidator : IValidateOptions<AuthKitOptions>
{
    private readonly IServiceProviderIsService _services;
    private readonly IHostEnvironment? _environment;
    private readonly EmailFeatures? _email;

    public AuthKitOptionsValidator(IServiceProviderIsService services, IServiceProvider provider)
    {
        _services = services;
        _environment = provider.GetService<IHostEnvironment>();
        _email = provider.GetService<EmailFeatures>();
    }

    public ValidateOptionsResult Validate(string? name, AuthKitOptions options)
    {
        var problems = new List<string>();

        if (!_services.IsService(typeof(IUserStore)))
        {
            problems.Add("No user store is registered: call AddAuthKit().AddUserStore<TStore>() with your IUserStore implementation.");
        }

        var password = options.Password;
        if (password.MinimumLength < PasswordPolicyOptions.LowestMinimumLength)
        {
            problems.Add(Format($"AuthKit:Password:MinimumLength is {password.MinimumLength}; it must be at least {PasswordPolicyOptions.LowestMinimumLength} (ASVS 6.2.1)."));
        }

        if (password.MaximumLength < 64 || password.MaximumLength > 4096)
        {
            problems.Add(Format($"AuthKit:Password:MaximumLength is {password.MaximumLength}; it must be between 64 (ASVS 6.2.9) and 4096."));
        }

        if (password.MinimumLength > password.MaximumLength)
        {
            problems.Add(Format($"AuthKit:Password:MinimumLength ({password.MinimumLength}) is greater than MaximumLength ({password.MaximumLength})."));
        }

        var hashing = options.Hashing;
        if (hashing.Iterations < 1 || hashing.Iterations > 10_000_000)
        {
            problems.Add(Format($"AuthKit:Hashing:Iterations is {hashing.Iterations}; it must be between 1 and 10,000,000 ({PasswordHashingOptions.RecommendedIterations:N0} is recommended)."));
        }

        if (hashing.SaltSize < 16 || hashing.SaltSize > 64)
        {
            problems.Add(Format($"AuthKit:Hashing:SaltSize is {hashing.SaltSize}; it must be between 16 and 64 bytes."));
        }

        if (hashing.HashSize < 16 || hashing.HashSize > 64)
        {
            problems.Add(Format($"AuthKit:Hashing:HashSize is {hashing.HashSize}; it must be between 16 and 64 bytes."));
        }

        if (hashing.MaxConcurrency < 1)
        {
            problems.Add(Format($"AuthKit:Hashing:MaxConcurrency is {hashing.MaxConcurrency}; it must be at least 1."));
        }

        if (hashing.QueueLimit < 0)
        {
            problems.Add(Format($"AuthKit:Hashing:QueueLimit is {hashing.QueueLimit}; it must not be negative."));
        }

        var throttling = options.Throttling;
        if (throttling.AccountFreeFailures < 1 || throttling.ClientFreeFailures < 1 || throttling.AccountTotalFreeFailures < 1)
        {
            problems.Add("AuthKit:Throttling:AccountFreeFailures, ClientFreeFailures and AccountTotalFreeFailures must be at least 1.");
        }

        if (throttling.KnownClientWindow < TimeSpan.Zero)
        {
            problems.Add("AuthKit:Throttling:KnownClientWindow must not be negative (zero exempts no client from the account-wide limit).");
        }

        if (throttling.Ipv6PrefixLength < 32 || throttling.Ipv6PrefixLength > 128)
        {
            problems.Add(Format($"AuthKit:Throttling:Ipv6PrefixLength is {throttling.Ipv6PrefixLength}; it must be between 32 and 128 (64 is one home or server)."));
        }

        if (throttling.BaseDelay <= TimeSpan.Zero || throttling.MaxDelay < throttling.BaseDelay)
        {
            problems.Add("AuthKit:Throttling:BaseDelay must be positive and MaxDelay must not be shorter than BaseDelay.");
        }

        if (throttling.FailureWindow <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:Throttling:FailureWindow must be positive.");
        }

        if (options.RateLimit.PermitLimit < 1 || options.RateLimit.Window <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:RateLimit:PermitLimit must be at least 1 and Window must be positive.");
        }

        if (options.Endpoints.MaxRequestBodySize < EndpointOptions.LowestMaxRequestBodySize || options.Endpoints.MaxRequestBodySize > 1024 * 1024)
        {
            problems.Add(Format($"AuthKit:Endpoints:MaxRequestBodySize is {options.Endpoints.MaxRequestBodySize}; it must be between {EndpointOptions.LowestMaxRequestBodySize} and 1048576 bytes."));
        }

        foreach (var origin in options.Csrf.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/') || origin.EndsWith('/'))
            {
                problems.Add(Format($"AuthKit:Csrf:AllowedOrigins contains \"{origin}\"; an origin is scheme://host[:port] with no path or trailing slash."));
            }
        }

        if (_services.IsService(typeof(ISessionManager)))
        {
            ValidateSessions(options, problems);
        }

        if (_email is not null)
        {
            ValidateEmail(options, problems);
        }

        if (_services.IsService(typeof(AuthKit.External.ExternalLoginFeature)))
        {
            if (!_services.IsService(typeof(AuthKit.External.IUserLoginStore)))
            {
                problems.Add("AddExternalLogins() needs the user store to implement IUserLoginStore (the users' external logins) beside IUserStore; register it with AddUserStore<TStore>().");
            }

            if (!_services.IsService(typeof(ISessionManager)))
            {
                problems.Add("AddExternalLogins() needs sessions: call AddSessions(), AddStatelessSessions() or AddDatabaseSessions().");
            }

            if (options.ExternalLogins.CallbackLifetime < TimeSpan.FromMinutes(1) || options.ExternalLogins.CallbackLifetime > TimeSpan.FromMinutes(30))
            {
                problems.Add(Format($"AuthKit:ExternalLogins:CallbackLifetime is {options.ExternalLogins.CallbackLifetime}; it must be between 1 and 30 minutes."));
            }

            foreach (var path in new[] { options.ExternalLogins.ErrorPath, options.ExternalLogins.SecondFactorPath })
            {
                if (path is not null && !AuthKit.Authorization.ReturnUrl.IsLocal(path))
                {
                    problems.Add($"AuthKit:ExternalLogins paths must be local paths starting with '/' (\"{path}\" is not).");
                }
            }
        }

        if (_services.IsService(typeof(TwoFactorFeature)))
        {
            ValidateTwoFactor(options, problems);
        }

        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Prepend("AuthKit is misconfigured"));
    }

    private void ValidateSessions(AuthKitOptions options, List<string> problems)
    {
        var sessions = options.Sessions;
        if (sessions.IdleTimeout <= TimeSpan.Zero || sessions.AbsoluteTimeout <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:Sessions:IdleTimeout and AbsoluteTimeout must be positive.");
        }
        else if (sessions.IdleTimeout > sessions.AbsoluteTimeout)
        {
            problems.Add(Format($"AuthKit:Sessions:IdleTimeout ({sessions.IdleTimeout}) is longer than AbsoluteTimeout ({sessions.AbsoluteTimeout}); the idle lifetime would never apply."));
        }

        if (sessions.MaxSessionsPerUser < 1 || sessions.MaxSessionsPerUser > 1000)
        {
            problems.Add(Format($"AuthKit:Sessions:MaxSessionsPerUser is {sessions.MaxSessionsPerUser}; it must be between 1 and 1000 (the default is 50)."));
        }

        if (sessions.StoreTimeout <= TimeSpan.Zero || sessions.PurgeInterval <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:Sessions:StoreTimeout and PurgeInterval must be positive.");
        }

        if (string.IsNullOrEmpty(sessions.CookieName) || sessions.CookieName.Length > 64 || !sessions.CookieName.All(IsNameChar))
        {
            problems.Add(Format($"AuthKit:Sessions:CookieName \"{sessions.CookieName}\" is not a valid cookie name: use 1–64 letters, digits, '-', '_' or '.' (the default is __Host-authkit)."));
        }

        if (options.Keys.Count == 0)
        {
            if (_environment?.IsDevelopment() != true && KeyRing.IsNeeded(sessions.Kind, _services))
            {
                problems.Add(KeyRingMessages.MissingKeys);
            }

            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Keys.Count; i++)
        {
            var key = options.Keys[i];
            if (string.IsNullOrEmpty(key.Id) || key.Id.Length > 32 || !key.Id.All(IsNameChar))
            {
                problems.Add(Format($"AuthKit:Keys:{i}:Id \"{key.Id}\" is not a valid key id: use 1–32 letters, digits, '-', '_' or '.'."));
            }
            else if (!seen.Add(key.Id))
            {
                problems.Add(Format($"AuthKit:Keys:{i}:Id \"{key.Id}\" appears twice; each key needs its own id."));
            }

            // The secret itself is never echoed into the message.
            var buffer = new byte[key.Secret.Length];
            if (!Convert.TryFromBase64String(key.Secret, buffer, out var length) || length < 32)
            {
                problems.Add(Format($"AuthKit:Keys:{i}:Secret must be at least 32 random bytes in Base64 (for example from `openssl rand -base64 32`)."));
            }
        }
    }

    private void ValidateEmail(AuthKitOptions options, List<string> problems)
    {
        var features = "The email features (" + string.Join(", ", new[] { _email!.Verification ? "AddEmailVerification()" : null, _email.PasswordReset ? "AddPasswordReset()" : null }.OfType<string>()) + ")";
        if (!_services.IsService(typeof(IEmailSender)))
        {
            problems.Add($"{features} need a mail sender: call UseSmtp(...) from AuthKit.Smtp (configured under AuthKit:Smtp), or UseEmailSender<TSender>() with your own IEmailSender.");
        }

        if (!_services.IsService(typeof(ISessionManager)))
        {
            problems.Add($"{features} need sessions (a reset ends them, a verified sign-up starts one): call AddSessions(), AddStatelessSessions() or AddDatabaseSessions().");
        }

        if (_email.Verification && !_services.IsService(typeof(IUserEmailStore)))
        {
            problems.Add("AddEmailVerification() needs the user store to implement IUserEmailStore (verified flag, address change) beside IUserStore; register it with AddUserStore<TStore>().");
        }

        var origin = options.PublicOrigin;
        if (string.IsNullOrEmpty(origin))
        {
            problems.Add($"AuthKit:PublicOrigin is not set; {features} build every mailed link from it (for example https://app.example.com), never from the request's Host header.");
        }
        else if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || uri.GetLeftPart(UriPartial.Authority) != origin.TrimEnd('/') || !string.IsNullOrEmpty(uri.UserInfo))
        {
            problems.Add(Format($"AuthKit:PublicOrigin is \"{origin}\"; it must be an http(s) origin, scheme://host[:port], with no path, query or user name."));
        }
        else if (uri.Scheme == Uri.UriSchemeHttp && !uri.IsLoopback && _environment?.IsDevelopment() != true)
        {
            problems.Add(Format($"AuthKit:PublicOrigin is \"{origin}\"; mailed links must use https outside Development (a token in a plain-http link can be read on the way)."));
        }

        var email = options.Email;
        foreach (var (name, path) in new[] { ("VerifyPath", email.VerifyPath), ("ResetPasswordPath", email.ResetPasswordPath) })
        {
            if (string.IsNullOrEmpty(path) || path[0] != '/' || path.StartsWith("//", StringComparison.Ordinal) || path.IndexOfAny(['?', '#', '\\']) >= 0)
            {
                problems.Add(Format($"AuthKit:Email:{name} is \"{path}\"; it must be a path on the public origin, starting with a single '/', without query or fragment."));
            }
        }

        if (email.VerificationLifetime <= TimeSpan.Zero || email.VerificationLifetime > TimeSpan.FromDays(30)
            || email.ResetLifetime <= TimeSpan.Zero || email.ResetLifetime > TimeSpan.FromDays(1))
        {
            problems.Add("AuthKit:Email:VerificationLifetime must be positive and at most 30 days, ResetLifetime positive and at most 1 day.");
        }

        if (email.MailsPerAddress < 1 || email.MailsPerClient < 1 || email.MailWindow <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:Email:MailsPerAddress and MailsPerClient must be at least 1 and MailWindow must be positive.");
        }

        var mail = options.Mail;
        if (mail.QueueCapacity < 1 || mail.QueueCapacity > 1_000_000)
        {
            problems.Add(Format($"AuthKit:Mail:QueueCapacity is {mail.QueueCapacity}; it must be between 1 and 1,000,000."));
        }

        if (mail.MaxAttempts < 1 || mail.RetryDelay <= TimeSpan.Zero || mail.MaxRetryDelay < mail.RetryDelay)
        {
            problems.Add("AuthKit:Mail:MaxAttempts must be at least 1, RetryDelay positive, and MaxRetryDelay not shorter than RetryDelay.");
        }

        if (options.Sessions.FreshFor <= TimeSpan.Zero)
        {
            problems.Add("AuthKit:Sessions:FreshFor must be positive.");
        }
    }

    private void ValidateTwoFactor(AuthKitOptions options, List<string> problems)
    {
        if (!_services.IsService(typeof(IUserTwoFactorStore)))
        {
            problems.Add("AddTwoFactor() needs the user store to implement IUserTwoFactorStore (the second factor's state) beside IUserStore; register it with AddUserStore<TStore>().");
        }

        if (!_services.IsService(typeof(ISessionManager)))
        {
            problems.Add("AddTwoFactor() needs sessions: call AddSessions(), AddStatelessSessions() or AddDatabaseSessions().");
        }
        else if (options.Keys.Count == 0 && _environment?.IsDevelopment() != true && !KeyRing.IsNeeded(options.Sessions.Kind, _services))
        {
            // With a replaced cookie format sessions need no key ring, but the second factor's secrets are sealed with it.
            problems.Add("AddTwoFactor() seals TOTP secrets with AuthKit's key ring: set AuthKit:Keys (the ring sessions use) even though your session cookie format brings its own keys.");
        }

        var twoFactor = options.TwoFactor;
        if (twoFactor.PendingLifetime < TimeSpan.FromMinutes(1) || twoFactor.PendingLifetime > TimeSpan.FromMinutes(15))
        {
            problems.Add(Format($"AuthKit:TwoFactor:PendingLifetime is {twoFactor.PendingLifetime}; it must be between 1 and 15 minutes."));
        }

        if (twoFactor.SetupLifetime < TimeSpan.FromMinutes(1) || twoFactor.SetupLifetime > TimeSpan.FromHours(1))
        {
            problems.Add(Format($"AuthKit:TwoFactor:SetupLifetime is {twoFactor.SetupLifetime}; it must be between 1 minute and 1 hour."));
        }

        if (twoFactor.RecoveryCodeCount < 5 || twoFactor.RecoveryCodeCount > 20)
        {
            problems.Add(Format($"AuthKit:TwoFactor:RecoveryCodeCount is {twoFactor.RecoveryCodeCount}; it must be between 5 and 20."));
        }

        if (twoFactor.FreeFailures < 1 || twoFactor.FreeFailures > 20)
        {
            problems.Add(Format($"AuthKit:TwoFactor:FreeFailures is {twoFactor.FreeFailures}; it must be between 1 and 20 (a code is six digits)."));
        }

        if (twoFactor.TrustDeviceFor < TimeSpan.Zero || twoFactor.TrustDeviceFor > TimeSpan.FromDays(90))
        {
            problems.Add(Format($"AuthKit:TwoFactor:TrustDeviceFor is {twoFactor.TrustDeviceFor}; it must be between zero (off) and 90 days."));
        }
    }

    // Key ids and cookie names: letters, digits, '-', '_' and '.' (safe in a token header and in a cookie name alike).
    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
