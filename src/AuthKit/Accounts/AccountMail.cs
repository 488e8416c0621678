using System.Globalization;
using AuthKit.Mail;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Accounts;

/// <summary>
/// Writes the email flows' messages (links from <see cref="AuthKitOptions.PublicOrigin"/>, never from the request) and
/// hands their work to the background queue.
/// </summary>
internal sealed class AccountMail
{
    private readonly MailQueue _queue;
    private readonly IEmailTemplates _templates;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly string _applicationName;

    public AccountMail(MailQueue queue, IEmailTemplates templates, IOptions<AuthKitOptions> options, IHostEnvironment? environment = null)
    {
        _queue = queue;
        _templates = templates;
        _options = options;
        _applicationName = options.Value.Email.ApplicationName ?? environment?.ApplicationName ?? "AuthKit";
    }

    /// <summary>Queues work; <see langword="false"/> when the queue is full (reported by the queue).</summary>
    public bool Enqueue(MailWork work) => _queue.TryEnqueue(work);

    /// <summary>A message with a one-time link to <paramref name="path"/>.</summary>
    public EmailMessage WithLink(EmailKind kind, string to, CultureInfo culture, string path, string token, DateTimeOffset expiresAt, string? newAddress = null)
        => Write(kind, to, culture, Link(path, token), expiresAt, newAddress);

    /// <summary>A notice without a link that acts.</summary>
    public EmailMessage Notice(EmailKind kind, string to, CultureInfo culture, string? newAddress = null)
        => Write(kind, to, culture, null, null, newAddress);

    /// <summary>The configured origin, the front-end path, and the token in the query.</summary>
    public Uri Link(string path, string token)
    {
        var origin = _options.Value.PublicOrigin ?? throw new InvalidOperationException("AuthKit:PublicOrigin is not set.");
        return new Uri(origin.TrimEnd('/') + path + "?token=" + Uri.EscapeDataString(token), UriKind.Absolute);
    }

    private EmailMessage Write(EmailKind kind, string to, CultureInfo culture, Uri? link, DateTimeOffset? expiresAt, string? newAddress)
    {
        var content = _templates.Render(new EmailTemplateModel(kind, to, _applicationName, culture, link, expiresAt, newAddress));
        return new EmailMessage(to, content.Subject, content.TextBody, content.HtmlBody, culture);
    }
}
