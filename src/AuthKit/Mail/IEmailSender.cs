namespace AuthKit.Mail;

/// <summary>
/// Delivers one message (the transport: SMTP with <c>UseSmtp(…)</c> from <c>AuthKit.Smtp</c>, or an app's own).
/// AuthKit never calls it on a request: messages wait in a bounded background queue, and a send that throws is retried
/// with back-off, so an implementation should throw on any failure rather than swallow it.
/// </summary>
public interface IEmailSender
{
    /// <summary>Delivers a message, or throws.</summary>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancelled when the host stops.</param>
    /// <returns>A task that completes when the receiving server accepted the message.</returns>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}
