namespace AuthKit.Smtp;

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpSecurity
{
    /// <summary>No TLS: only for a mail server on the same machine or network segment (refused with credentials elsewhere).</summary>
    None = 0,

    /// <summary>Plain connection upgraded with STARTTLS, which is required (usually port 587).</summary>
    StartTls = 1,

    /// <summary>TLS from the first byte (usually port 465).</summary>
    Tls = 2,
}

/// <summary>The SMTP server AuthKit's mail goes through (configuration section <c>AuthKit:Smtp</c>).</summary>
public sealed class SmtpOptions
{
    /// <summary>Gets or sets the server's host name.</summary>
    public string? Host { get; set; }

    /// <summary>Gets or sets the server's port.</summary>
    /// <value>The default is 587 (submission with STARTTLS).</value>
    public int Port { get; set; } = 587;

    /// <summary>Gets or sets how the connection is secured.</summary>
    /// <value>The default is <see cref="SmtpSecurity.StartTls"/>. The server's certificate is always validated.</value>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    /// <summary>Gets or sets the user name to authenticate with, or <see langword="null"/> for none.</summary>
    public string? UserName { get; set; }

    /// <summary>Gets or sets the password to authenticate with. It is never logged.</summary>
    public string? Password { get; set; }

    /// <summary>Gets or sets the sender, for example <c>Example &lt;no-reply@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>Gets or sets how long connecting, authenticating and sending one message may take.</summary>
    /// <value>The default is 30 seconds. A message that times out is retried by AuthKit's mail queue.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
