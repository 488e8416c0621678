using System.Net;
using System.Text;
using System.Text.Json;
using AuthKit.Mail;

namespace AuthKit.Sample.Mail;

/// <summary>
/// Development without an SMTP server: every message AuthKit sends is kept as a JSON file in a local folder and listed at
/// <c>/dev/mailbox</c>, so <c>dotnet run</c> alone walks every email flow. Registered only in Development; elsewhere the
/// sample refuses to start without <c>AuthKit:Smtp</c>.
/// </summary>
public sealed partial class DevMailbox : IEmailSender
{
    private readonly string _folder;
    private readonly TimeProvider _time;

    public DevMailbox(IConfiguration configuration, IWebHostEnvironment environment, TimeProvider time)
    {
        _folder = configuration["Sample:MailboxPath"] ?? Path.Combine(environment.ContentRootPath, "mailbox");
        _time = time;
        Directory.CreateDirectory(_folder);
    }

    public async Task SendAsync(EmailMessage message, CancellationToken cancellationToken)
    {
        var sent = _time.GetUtcNow();
        var stored = new StoredMessage(message.To, message.Subject, message.TextBody, sent);
        var name = $"{sent:yyyyMMddTHHmmssfff}-{Guid.NewGuid():n}.json";
        await File.WriteAllTextAsync(Path.Combine(_folder, name), JsonSerializer.Serialize(stored, MailboxJson.Default.StoredMessage), cancellationToken);
    }

    /// <summary>The mailbox page: newest first, plain text with its links made clickable.</summary>
    public async Task<IResult> PageAsync(CancellationToken cancellationToken)
    {
        var html = new StringBuilder("""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Mailbox · AuthKit sample</title>
            <link rel="stylesheet" href="/assets/app.css"></head><body>
            <header><a class="brand" href="/">AuthKit sample</a><nav><span class="badge">Development only</span></nav></header>
            <main class="card wide"><h1>Mailbox</h1>
            <p class="muted">No SMTP server is configured, so the mail the sample sends lands here (newest first).</p>
            """);
        var files = Directory.GetFiles(_folder, "*.json").OrderDescending().ToList();
        if (files.Count == 0)
        {
            html.Append("<p id=\"empty\">No mail yet.</p>");
        }

        foreach (var file in files)
        {
            var message = JsonSerializer.Deserialize(await File.ReadAllTextAsync(file, cancellationToken), MailboxJson.Default.StoredMessage)!;
            html.Append("<article class=\"mail\"><h2>").Append(Encode(message.Subject)).Append("</h2><p class=\"muted\">To ")
                .Append(Encode(message.To)).Append(" · ").Append(Encode(message.SentAt.ToString("u", System.Globalization.CultureInfo.InvariantCulture)))
                .Append("</p><pre>").Append(Linkify(message.Text)).Append("</pre></article>");
        }

        html.Append("</main></body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    private static string Linkify(string text)
    {
        var builder = new StringBuilder();
        var last = 0;
        foreach (System.Text.RegularExpressions.Match link in Links().Matches(text))
        {
            builder.Append(Encode(text[last..link.Index]))
                .Append("<a href=\"").Append(Encode(link.Value)).Append("\">").Append(Encode(link.Value)).Append("</a>");
            last = link.Index + link.Length;
        }

        return builder.Append(Encode(text[last..])).ToString();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"https?://[^\s<>""]+")]
    private static partial System.Text.RegularExpressions.Regex Links();

    internal sealed record StoredMessage(string To, string Subject, string Text, DateTimeOffset SentAt);
}

/// <summary>The mailbox's files, source-generated (the sample also runs as a native AOT app).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(DevMailbox.StoredMessage))]
internal sealed partial class MailboxJson : System.Text.Json.Serialization.JsonSerializerContext;
