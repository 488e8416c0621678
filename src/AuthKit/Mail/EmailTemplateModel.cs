using System.Globalization;

namespace AuthKit.Mail;

/// <summary>What a template is given to write one message.</summary>
/// <param name="Kind">Which message.</param>
/// <param name="To">The recipient's address.</param>
/// <param name="ApplicationName">The application's name as users know it (<c>AuthKit:Email:ApplicationName</c>).</param>
/// <param name="Culture">The culture of the request that caused the message (its <c>CurrentUICulture</c>).</param>
/// <param name="Link">The link the message carries (built from <c>AuthKit:PublicOrigin</c>), or <see langword="null"/> for notices.</param>
/// <param name="LinkExpiresAt">When the link stops working, or <see langword="null"/>.</param>
/// <param name="NewAddress">For the address-change messages: the address the account is moving to.</param>
public sealed record EmailTemplateModel(
    EmailKind Kind,
    string To,
    string ApplicationName,
    CultureInfo Culture,
    Uri? Link,
    DateTimeOffset? LinkExpiresAt,
    string? NewAddress);

/// <summary>A written message: subject, plain text and (optionally) HTML.</summary>
/// <param name="Subject">The subject line.</param>
/// <param name="TextBody">The plain-text body.</param>
/// <param name="HtmlBody">The HTML body, or <see langword="null"/>.</param>
public sealed record EmailContent(string Subject, string TextBody, string? HtmlBody);
