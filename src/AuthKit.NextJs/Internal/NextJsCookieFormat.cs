using System.Diagnostics.CodeAnalysis;
using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.NextJs.Internal;

/// <summary>The stateless session format chosen by <see cref="NextJsSessionOptions.Format"/>.</summary>
internal sealed partial class NextJsCookieFormat : ISessionCookieFormat
{
    private readonly ISessionCodec _codec;
    private readonly ILogger<NextJsCookieFormat> _logger;

    public NextJsCookieFormat(IOptions<NextJsSessionOptions> options, IOptions<AuthKitOptions> authKit, TimeProvider time, ILogger<NextJsCookieFormat> logger)
    {
        var settings = options.Value;
        var mapping = new PayloadMapping(settings, authKit.Value.Sessions.AbsoluteTimeout);
        _codec = settings.Format == NextJsSessionFormat.IronSession ? new IronSessionCodec(mapping, time) : new JoseSessionCodec(mapping, time);
        CookieName = settings.CookieName;
        _logger = logger;
    }

    public string CookieName { get; }

    // Issue times are written as Unix seconds with their milliseconds.
    public TimeSpan IssuedAtPrecision => TimeSpan.FromMilliseconds(1);

    /// <summary>The defaults of both iron-session and the Next.js guide: HttpOnly, Secure, SameSite=Lax, Path=/.</summary>
    public CookieOptions CreateCookieOptions(DateTimeOffset? expires) => new()
    {
        HttpOnly = true,
        Secure = true,
        SameSite = SameSiteMode.Lax,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    public string Seal(SessionCookiePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return _codec.Seal(payload);
    }

    public bool TryOpen(ReadOnlySpan<char> cookieValue, [NotNullWhen(true)] out SessionCookiePayload? payload, out bool needsReseal)
    {
        payload = _codec.Open(cookieValue.ToString(), out var refusal, out needsReseal);
        if (payload is null)
        {
            Log.CookieRefused(_logger, refusal ?? "unreadable");
            return false;
        }

        return true;
    }

    private static partial class Log
    {
        // Debug only, and never with the value: a refused cookie is routine (expired, rotated away, garbage).
        [LoggerMessage(EventId = 9001, Level = LogLevel.Debug, Message = "Next.js session cookie refused: {Reason}.")]
        public static partial void CookieRefused(ILogger logger, string reason);
    }
}
