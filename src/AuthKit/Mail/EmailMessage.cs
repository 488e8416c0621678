using System.Globalization;

namespace AuthKit.Mail;

/// <summary>A message AuthKit sends: one recipient, a subject, a plain-text body and an HTML body.</summary>
public sealed class EmailMessage
{
    /// <summary>Initialises a message.</summary>
    /// <param name="to">The recipient's address.</param>
    /// <param name="subject">The subject line.</param>
    /// <param name="textBody">The plain-text body (every message has one).</param>
    /// <param name="htmlBody">The HTML body, or <see langword="null"/> for plain text only.</param>
    /// <param name="culture">The culture the message was written for (the request's UI culture), passed on to the sender.</param>
    public EmailMessage(string to, string subject, string textBody, string? htmlBody, CultureInfo culture)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(to);
        ArgumentException.ThrowIfNullOrWhiteSpace(subject);
        ArgumentNullException.ThrowIfNull(textBody);
        ArgumentNullException.ThrowIfNull(culture);
        To = to;
        Subject = subject;
        TextBody = textBody;
        HtmlBody = htmlBody;
        Culture = culture;
    }

    /// <summary>Gets the recipient's address.</summary>
    public string To { get; }

    /// <summary>Gets the subject line.</summary>
    public string Subject { get; }

    /// <summary>Gets the plain-text body. It may hold a one-time link: never log it.</summary>
    public string TextBody { get; }

    /// <summary>Gets the HTML body, or <see langword="null"/>. It may hold a one-time link: never log it.</summary>
    public string? HtmlBody { get; }

    /// <summary>Gets the culture the message was written for (for example to set <c>Content-Language</c>).</summary>
    public CultureInfo Culture { get; }
}
