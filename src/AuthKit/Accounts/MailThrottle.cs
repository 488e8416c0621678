using System.Security.Cryptography;
using System.Text;
using AuthKit.Credentials.Throttling;
using Microsoft.Extensions.Options;

namespace AuthKit.Accounts;

/// <summary>
/// Limits the mail that requests anyone can make cause (forgot password, resend, sign-up): per address and per client, in
/// fixed windows, counted in the throttle store (keys are hashes: no address is stored). A request past a limit still
/// gets the same answer; only its mail is not sent. The check does the same store work for every address, known or not.
/// </summary>
internal sealed class MailThrottle
{
    private readonly IThrottleStore _store;
    private readonly IOptions<AuthKitOptions> _options;
    private readonly TimeProvider _time;

    public MailThrottle(IThrottleStore store, IOptions<AuthKitOptions> options, TimeProvider time)
    {
        _store = store;
        _options = options;
        _time = time;
    }

    /// <summary>Counts one mail for the address from the client; <see langword="false"/> when either is over its limit.</summary>
    public async Task<bool> TryCountAsync(string normalizedEmail, string? clientKey, CancellationToken cancellationToken)
    {
        var email = _options.Value.Email;
        var allowed = await TryCountAsync("mail-addr:" + Hash(normalizedEmail), email.MailsPerAddress, email.MailWindow, cancellationToken).ConfigureAwait(false);
        if (clientKey is not null)
        {
            allowed &= await TryCountAsync("mail-client:" + Hash(clientKey), email.MailsPerClient, email.MailWindow, cancellationToken).ConfigureAwait(false);
        }

        return allowed;
    }

    private async Task<bool> TryCountAsync(string key, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        for (var race = 0; race < 16; race++)
        {
            var now = _time.GetUtcNow();
            var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            if (current.Count >= limit)
            {
                return false;
            }

            // LastAt holds the window's start; the counter expires with the window.
            var start = current.LastAt ?? now;
            if (await _store.TryReplaceAsync(key, current, new ThrottleCounter(current.Count + 1, start), start + window, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        // Sixteen lost races in a row: a flood on this key; refuse rather than spin.
        return false;
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
