using System.Globalization;
using System.Text;
using System.Text.Json;
using AuthKit.Sessions.Cookies;

namespace AuthKit.NextJs.Internal;

/// <summary>
/// iron-session 8/9 cookies: an iron seal of the session JSON followed by <c>~2</c>. The highest password id seals,
/// every id opens; a seal is accepted until 60 seconds after its expiration (iron's clock skew).
/// </summary>
internal sealed class IronSessionCodec : ISessionCodec
{
    /// <summary>iron's <c>timestampSkewSec</c>.</summary>
    public static readonly TimeSpan Skew = IronSeal.Skew;

    /// <summary>What iron-session appends to the seal (its major version). Outside the HMAC, so ignored when reading.</summary>
    public const string VersionSuffix = "~2";

    private readonly PayloadMapping _mapping;
    private readonly Dictionary<string, byte[]> _passwords = new(StringComparer.Ordinal);
    private readonly string _currentId;
    private readonly TimeProvider _time;

    public IronSessionCodec(PayloadMapping mapping, TimeProvider time)
    {
        _mapping = mapping;
        _time = time;
        foreach (var (id, password) in mapping.Options.Passwords)
        {
            _passwords[id] = Encoding.UTF8.GetBytes(password);
        }

        // iron-session: Math.max(...Object.keys(passwordsMap).map(Number)).
        _currentId = mapping.Options.Passwords.Keys
            .Select(static id => long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1)
            .DefaultIfEmpty(-1)
            .Max()
            .ToString(CultureInfo.InvariantCulture);
    }

    public string Seal(SessionCookiePayload payload)
    {
        if (!_passwords.TryGetValue(_currentId, out var password))
        {
            throw new InvalidOperationException("AuthKit:NextJs:Passwords has no password with a numeric id to seal iron-session cookies with.");
        }

        var json = _mapping.ToJson(payload);
        if (_mapping.Options.IssuedAtPath is { } issuedAtPath)
        {
            PayloadPath.Set(json, issuedAtPath, PayloadPath.Seconds(payload.IssuedAt));
        }

        _mapping.WriteSessionId(json, payload);

        // The seal's expiration is 60 s before the session's end: iron accepts a seal until expiration + skew.
        var expires = PayloadMapping.Earlier(payload.IdleExpiresAt, payload.AbsoluteExpiresAt) - Skew;
        return IronSeal.Seal(PayloadPath.ToUtf8(json), _currentId, password, expires.ToUnixTimeMilliseconds()) + VersionSuffix;
    }

    public SessionCookiePayload? Open(string cookieValue, out string? refusal, out bool needsReseal)
    {
        needsReseal = false;

        // iron-session strips everything from the first '~' (the version marker is not authenticated, so it selects nothing).
        var tilde = cookieValue.IndexOf('~', StringComparison.Ordinal);
        var seal = tilde < 0 ? cookieValue : cookieValue[..tilde];
        // Expired seals are refused before any cryptography, as iron does; AuthKit checks the session's expiry again.
        refusal = IronSeal.TryUnseal(seal, id => _passwords.GetValueOrDefault(id), out var opened, _time.GetUtcNow());
        if (refusal is not null)
        {
            return null;
        }

        if (opened.ExpirationMs is not { } expiration)
        {
            // ttl: 0 seals never expire; AuthKit sessions always end, so such seals are refused.
            refusal = "seal has no expiration";
            return null;
        }

        var json = PayloadPath.ParseObject(opened.Json);
        Array.Clear(opened.Json);
        if (json is null)
        {
            refusal = "payload is not a JSON object";
            return null;
        }

        var expiresAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(expiration, 253_402_300_799_000 - (long)Skew.TotalMilliseconds)) + Skew;
        var session = _mapping.ToPayload(json, opened.AuthenticatedHash, expiresAt, _mapping.Options.IssuedAtPath, expiresAt - Skew - _mapping.Options.Ttl);
        refusal = session is null ? "payload does not map to a user" : null;
        needsReseal = session is not null && opened.PasswordId != _currentId;
        return session;
    }
}
