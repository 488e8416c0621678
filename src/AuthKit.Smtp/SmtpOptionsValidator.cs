using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AuthKit.Smtp;

/// <summary>Checks the SMTP settings at start-up and reports every problem in one message.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            problems.Add("AuthKit:Smtp:Host is not set: name the SMTP server.");
        }

        if (options.Port is < 1 or > 65535)
        {
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"AuthKit:Smtp:Port is {options.Port}; it must be between 1 and 65535 (587 for STARTTLS, 465 for TLS)."));
        }

        if (string.IsNullOrWhiteSpace(options.From))
        {
            problems.Add("AuthKit:Smtp:From is not set: give the sender's address, for example \"Example <no-reply@example.com>\".");
        }
        else if (!MailboxAddress.TryParse(options.From, out var from) || from.Address.IndexOf('@', StringComparison.Ordinal) <= 0)
        {
            problems.Add($"AuthKit:Smtp:From is \"{options.From}\"; it is not an email address (for example \"Example <no-reply@example.com>\").");
        }

        if (string.IsNullOrEmpty(options.UserName) != string.IsNullOrEmpty(options.Password))
        {
            problems.Add("AuthKit:Smtp:UserName and Password go together: set both or neither.");
        }

        if (!Enum.IsDefined(options.Security))
        {
            problems.Add($"AuthKit:Smtp:Security is {options.Security}; use None, StartTls or Tls.");
        }
        else if (options.Security == SmtpSecurity.None && !string.IsNullOrEmpty(options.UserName) && !IsLoopback(options.Host))
        {
            problems.Add("AuthKit:Smtp:Security is None with a user name and password: the password would cross the network in clear. Use StartTls or Tls.");
        }

        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(5))
        {
            problems.Add("AuthKit:Smtp:Timeout must be positive and at most 5 minutes.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Prepend("AuthKit.Smtp is misconfigured"));
    }

    private static bool IsLoopback(string? host)
        => host is not null && (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address)));
}
