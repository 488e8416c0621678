namespace AuthKit.Mail;

/// <summary>
/// One piece of mail work, done in the background: <see cref="PrepareAsync"/> runs once in its own DI scope (it looks up
/// the user, issues a token, writes the messages), then each message is sent with retries. A request that causes mail
/// only enqueues this, so its answer takes the same time whatever the work finds.
/// </summary>
/// <param name="Name">What the work is, for logs and metrics (never an address or a token).</param>
/// <param name="PrepareAsync">Writes the messages to send (none is a valid outcome, for example for an unknown address).</param>
internal sealed record MailWork(string Name, Func<IServiceProvider, CancellationToken, Task<IReadOnlyList<EmailMessage>>> PrepareAsync);
