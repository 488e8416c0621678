using AuthKit.Mail;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace AuthKit.Smtp;

/// <summary>
/// Sends each message over its own SMTP connection with MailKit: connect (TLS as configured, certificate validated),
/// authenticate when credentials are set, send, disconnect, all within <see cref="SmtpOptions.Timeout"/>. A failure
/// throws, and AuthKit's mail queue retries it; mail for sign-in flows is rare enough that a connection per message
/// costs nothing that matters and never meets a connection the server dropped while idle.
/// </summary>
internal sealed class SmtpEmailSender : IEmailSender
{
    private readonly SmtpOptions _options;
    private readonly MailboxAddress _from;

    public SmtpEmailSender(IOptions<SmtpOptions> options)
    {
        _options = options.Value;
        _from = MailboxAddress.Parse(_options.From!);
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var mime = Build(message);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.Timeout);
        using var client = new SmtpClient { Timeout = (int)_options.Timeout.TotalMilliseconds };
        try
        {
            var security = _options.Security switch
            {
                SmtpSecurity.Tls => SecureSocketOptions.SslOnConnect,
                SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(_options.Host!, _options.Port, security, timeout.Token).ConfigureAwait(false);
            if (!string.IsNullOrEmpty(_options.UserName))
            {
                await client.AuthenticateAsync(_options.UserName, _options.Password!, timeout.Token).ConfigureAwait(false);
            }

            await client.SendAsync(mime, timeout.Token).ConfigureAwait(false);
            await client.DisconnectAsync(quit: true, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMTP server {_options.Host}:{_options.Port} did not finish within {_options.Timeout}.");
        }
    }

    internal MimeMessage Build(EmailMessage message)
    {
        var mime = new MimeMessage();
        mime.From.Add(_from);
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Subject = message.Subject;
        if (!string.IsNullOrEmpty(message.Culture.Name))
        {
            mime.Headers.Add(HeaderId.ContentLanguage, message.Culture.Name);
        }

        // Mail holding a one-time link: ask relays and clients not to keep or forward more than they must.
        mime.Headers.Add("Auto-Submitted", "auto-generated");
        var body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody };
        mime.Body = body.ToMessageBody();
        return mime;
    }
}
