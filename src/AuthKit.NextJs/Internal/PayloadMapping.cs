using System.Globalization;
using System.Text.Json.Nodes;
using AuthKit.Sessions.Cookies;

namespace AuthKit.NextJs.Internal;

/// <summary>
/// Maps a foreign JSON payload to AuthKit's session (user id, roles, times, session id) and back, by the
/// configured paths. Fields AuthKit does not map are kept as they were, so a re-seal loses nothing.
/// </summary>
internal sealed class PayloadMapping
{
    // 128-bit ids, like AuthKit's own stateless sessions.
    private const int DerivedIdBytes = 16;

    private readonly NextJsSessionOptions _options;
    private readonly TimeSpan _absoluteTimeout;

    public PayloadMapping(NextJsSessionOptions options, TimeSpan absoluteTimeout)
    {
        _options = options;
        _absoluteTimeout = absoluteTimeout;
    }

    public NextJsSessionOptions Options => _options;

    /// <summary>
    /// Builds the session from an authenticated payload; <see langword="null"/> when the mapped fields are missing or malformed.
    /// </summary>
    /// <param name="json">The payload.</param>
    /// <param name="tokenHash">SHA-256 of the token's authenticated part (the id when the payload records none).</param>
    /// <param name="expiresAt">When the token stops being accepted.</param>
    /// <param name="issuedAtPath">Where the payload records its issue time.</param>
    /// <param name="undatedIssuedAt">The issue time of a token that records none.</param>
    public SessionCookiePayload? ToPayload(JsonObject json, byte[] tokenHash, DateTimeOffset expiresAt, string? issuedAtPath, DateTimeOffset undatedIssuedAt)
    {
        var userId = PayloadPath.ReadUserId(json, _options.UserIdPath);
        var roles = PayloadPath.ReadRoles(json, _options.RolesPath);
        var issuedAt = PayloadPath.ReadSeconds(json, issuedAtPath, out var dated);
        var signedInAt = PayloadPath.ReadSeconds(json, _options.SignedInAtPath, out var signedInDated);
        if (userId is null || roles is null || (dated && issuedAt is null) || (signedInDated && signedInAt is null))
        {
            return null;
        }

        var sessionId = PayloadPath.ReadSessionId(json, _options.SessionIdPath) ?? tokenHash[..DerivedIdBytes];

        // AuthKit's absolute lifetime counts from the sign-in (auth_time, which AuthKit writes), else from the issue time
        // of a token the Next.js app made: a re-issued cookie never lives longer than the sign-in it came from. An undated
        // token cannot be renewed (its absolute limit would move with every renewal): it ends at its own expiry.
        var absolute = (signedInAt ?? issuedAt) is { } start ? start + _absoluteTimeout : expiresAt;
        return new SessionCookiePayload(
            sessionId,
            userId,
            roles,
            issuedAt ?? undatedIssuedAt,
            expiresAt,
            absolute,
            new Dictionary<string, string>(0),
            json);
    }

    /// <summary>Starts the payload to seal: the opened payload's fields (if any), with user id, roles and sign-in time set.</summary>
    public JsonObject ToJson(SessionCookiePayload payload)
    {
        var json = payload.FormatState is JsonObject state ? (JsonObject)state.DeepClone() : [];
        PayloadPath.Set(json, _options.UserIdPath, JsonValue.Create(payload.UserId));
        if (_options.SignedInAtPath is { } signedInAtPath)
        {
            // The instant the absolute lifetime counts from, kept through every re-issue.
            PayloadPath.Set(json, signedInAtPath, PayloadPath.Seconds(payload.AbsoluteExpiresAt - _absoluteTimeout));
        }
        if (_options.RolesPath is { } rolesPath && (payload.Roles.Count > 0 || PayloadPath.Get(json, rolesPath) is not null))
        {
            PayloadPath.Set(json, rolesPath, new JsonArray([.. payload.Roles.Select(static r => (JsonNode?)JsonValue.Create(r))]));
        }

        return json;
    }

    public void WriteSessionId(JsonObject json, SessionCookiePayload payload)
    {
        if (_options.SessionIdPath is { } path && !payload.Reference.IsEmpty)
        {
            PayloadPath.Set(json, path, JsonValue.Create(StrictBase64Url.Encode(payload.Reference.Span)));
        }
    }

    /// <summary>The ISO 8601 form JavaScript's <c>Date.prototype.toISOString</c> writes.</summary>
    public static string IsoString(DateTimeOffset instant)
        => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Earlier(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}
