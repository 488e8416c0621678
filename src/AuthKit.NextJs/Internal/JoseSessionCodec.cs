using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuthKit.Sessions.Cookies;

namespace AuthKit.NextJs.Internal;

/// <summary>
/// The Next.js guide's session cookie: an HS256 JWT with <c>{ userId, expiresAt, iat, exp }</c>, keyed with the
/// UTF-8 bytes of the shared secret. Expired when <c>exp</c> ≤ now; a <c>nbf</c> in the future is refused.
/// </summary>
internal sealed class JoseSessionCodec : ISessionCodec
{
    // JSON.stringify escapes only quotes, backslashes and control characters; stay as close to it as System.Text.Json allows.
    private readonly PayloadMapping _mapping;
    private readonly byte[] _key;
    private readonly TimeProvider _time;

    public JoseSessionCodec(PayloadMapping mapping, TimeProvider time)
    {
        _mapping = mapping;
        _time = time;

        // The key is the secret's UTF-8 bytes, as the guide's new TextEncoder().encode(secretKey): never Base64-decoded.
        _key = Encoding.UTF8.GetBytes(mapping.Options.Secret ?? string.Empty);
    }

    public string Seal(SessionCookiePayload payload)
    {
        // Whole seconds, rounded down, as jose writes exp; the readable expiresAt says the same instant.
        var expires = DateTimeOffset.FromUnixTimeSeconds(PayloadMapping.Earlier(payload.IdleExpiresAt, payload.AbsoluteExpiresAt).ToUnixTimeSeconds());
        var json = _mapping.ToJson(payload);
        if (_mapping.Options.ExpiresAtPath is { } expiresAtPath)
        {
            PayloadPath.Set(json, expiresAtPath, JsonValue.Create(PayloadMapping.IsoString(expires)));
        }

        _mapping.WriteSessionId(json, payload);
        json["iat"] = PayloadPath.Seconds(payload.IssuedAt);
        json["exp"] = JsonValue.Create(expires.ToUnixTimeSeconds());
        return JoseToken.Sign(PayloadPath.ToUtf8(json), _key);
    }

    public SessionCookiePayload? Open(string cookieValue, out string? refusal, out bool needsReseal)
    {
        needsReseal = false;
        refusal = JoseToken.TryVerify(cookieValue, _key, out var payloadJson, out var hash);
        if (refusal is not null)
        {
            return null;
        }

        var json = PayloadPath.ParseObject(payloadJson);
        if (json is null)
        {
            refusal = "payload is not a JSON object";
            return null;
        }

        // exp is required (the guide always sets it); AuthKit enforces it as the session's expiry.
        var expires = PayloadPath.ReadSeconds(json, "exp", out _);
        var notBefore = PayloadPath.ReadSeconds(json, "nbf", out var hasNotBefore);
        if (expires is null || (hasNotBefore && (notBefore is null || notBefore > _time.GetUtcNow())))
        {
            refusal = "exp missing or invalid, or nbf not reached";
            return null;
        }

        // A token without iat is dated at the epoch: any "sign out everywhere" refuses it.
        var session = _mapping.ToPayload(json, hash, expires.Value, "iat", DateTimeOffset.UnixEpoch);
        refusal = session is null ? "payload does not map to a user" : null;
        return session;
    }
}
