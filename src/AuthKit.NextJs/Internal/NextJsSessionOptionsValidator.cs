using System.Globalization;
using Microsoft.Extensions.Options;

namespace AuthKit.NextJs.Internal;

/// <summary>Validates <see cref="NextJsSessionOptions"/> at start-up, listing every problem in one message.</summary>
internal sealed class NextJsSessionOptionsValidator : IValidateOptions<NextJsSessionOptions>
{
    // Both iron (minPasswordlength) and the guide (openssl rand -base64 32) use at least 32 characters.
    private const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, NextJsSessionOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(options.CookieName) || options.CookieName.Length > 64
            || !options.CookieName.All(static c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            problems.Add(Format($"AuthKit:NextJs:CookieName \"{options.CookieName}\" is not a valid cookie name: use 1–64 letters, digits, '-', '_' or '.' (the Next.js guide uses \"session\")."));
        }

        if (options.Format == NextJsSessionFormat.Jose)
        {
            // The secret itself is never echoed into the message.
            if (options.Secret is null || options.Secret.Length < MinimumSecretLength)
            {
                problems.Add(Format($"AuthKit:NextJs:Secret must be the Next.js app's SESSION_SECRET, at least {MinimumSecretLength} characters (for example from `openssl rand -base64 32`)."));
            }
        }
        else if (options.Format == NextJsSessionFormat.IronSession)
        {
            if (options.Passwords.Count == 0)
            {
                problems.Add("AuthKit:NextJs:Passwords is empty: set AuthKit:NextJs:Passwords:1 to iron-session's password (a string password is the map { 1: password }).");
            }

            foreach (var (id, password) in options.Passwords)
            {
                if (id.Length == 0 || id.Length > 9 || !id.All(char.IsAsciiDigit))
                {
                    problems.Add(Format($"AuthKit:NextJs:Passwords:{id}: password ids must be whole numbers, as iron-session's password map keys are."));
                }

                if (password is null || password.Length < MinimumSecretLength)
                {
                    problems.Add(Format($"AuthKit:NextJs:Passwords:{id} must be at least {MinimumSecretLength} characters, as iron requires."));
                }
            }

            if (options.Ttl <= IronSessionCodec.Skew)
            {
                problems.Add(Format($"AuthKit:NextJs:Ttl is {options.Ttl}; it must be longer than iron's 60-second clock skew (iron-session's default is 14 days; ttl 0 is not supported)."));
            }
        }
        else
        {
            problems.Add(Format($"AuthKit:NextJs:Format \"{options.Format}\" is unknown: use Jose or IronSession."));
        }

        CheckPath(problems, nameof(options.UserIdPath), options.UserIdPath, required: true);
        CheckPath(problems, nameof(options.RolesPath), options.RolesPath, required: false);
        CheckPath(problems, nameof(options.IssuedAtPath), options.IssuedAtPath, required: false);
        CheckPath(problems, nameof(options.SessionIdPath), options.SessionIdPath, required: false);
        CheckPath(problems, nameof(options.SignedInAtPath), options.SignedInAtPath, required: false);
        CheckPath(problems, nameof(options.ExpiresAtPath), options.ExpiresAtPath, required: false);

        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems.Prepend("AuthKit.NextJs is misconfigured:"));
    }

    private static void CheckPath(List<string> problems, string option, string? path, bool required)
    {
        if (path is null && !required)
        {
            return;
        }

        if (string.IsNullOrEmpty(path) || path.Split('.').Any(static segment => segment.Length == 0))
        {
            problems.Add(Format($"AuthKit:NextJs:{option} \"{path}\" is not a dotted path such as \"userId\" or \"user.id\"."));
        }
    }

    private static string Format(FormattableString message) => message.ToString(CultureInfo.InvariantCulture);
}
