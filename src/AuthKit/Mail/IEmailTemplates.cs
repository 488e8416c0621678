namespace AuthKit.Mail;

/// <summary>
/// Writes AuthKit's messages. The default (<see cref="DefaultEmailTemplates"/>) writes short English messages; replace it
/// with <c>UseEmailTemplates&lt;T&gt;()</c>, usually by deriving from it and overriding the kinds to change, and use
/// <see cref="EmailTemplateModel.Culture"/> to pick a language.
/// </summary>
public interface IEmailTemplates
{
    /// <summary>Writes one message.</summary>
    /// <param name="model">What the message is about.</param>
    /// <returns>The message's subject and bodies.</returns>
    EmailContent Render(EmailTemplateModel model);
}
