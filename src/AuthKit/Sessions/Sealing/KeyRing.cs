using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Sessions.Sealing;

/// <summary>
/// The session key ring built from <see cref="AuthKitOptions.Keys"/>: the last key seals, every key opens.
/// Without keys, Development gets an ephemeral key and a warning; other environments never get here
/// (start-up validation refuses them).
/// </summary>
internal sealed partial class KeyRing : IDisposable
{
    internal const string EphemeralKeyId = "ephemeral";

    private readonly Dictionary<string, SessionKey> _byId = new(StringComparer.Ordinal);

    public KeyRing(IOptions<AuthKitOptions> options, ILogger<KeyRing> logger, IHostEnvironment? environment = null)
    {
        var keys = options.Value.Keys;
        if (keys.Count == 0)
        {
            if (environment?.IsDevelopment() != true)
            {
                throw new InvalidOperationException(KeyRingMessages.MissingKeys);
            }

            Log.EphemeralKey(logger);
            Primary = Add(new SessionKey(EphemeralKeyId, RandomNumberGenerator.GetBytes(32)));
            return;
        }

        SessionKey? last = null;
        foreach (var key in keys)
        {
            last = Add(new SessionKey(key.Id, Convert.FromBase64String(key.Secret)));
        }

        Primary = last!;
    }

    /// <summary>
    /// Whether the app needs AuthKit's key ring: always for database sessions (their cookie is AuthKit's seal), and for
    /// stateless sessions unless another cookie format (which brings its own keys) replaced AuthKit's.
    /// </summary>
    public static bool IsNeeded(Sessions.SessionKind kind, IServiceProviderIsService services)
        => kind == Sessions.SessionKind.Database || !services.IsService(typeof(AuthKitBuilder.CookieFormatReplaced));

    /// <summary>Gets the key that seals new tokens.</summary>
    public SessionKey Primary { get; }

    public bool TryGet(ReadOnlySpan<byte> id, out SessionKey key)
    {
        // A handful of keys at most: a linear scan beats hashing the id into a string.
        foreach (var candidate in _byId.Values)
        {
            if (id.SequenceEqual(candidate.IdBytes))
            {
                key = candidate;
                return true;
            }
        }

        key = null!;
        return false;
    }

    public void Dispose()
    {
        foreach (var key in _byId.Values)
        {
            key.Dispose();
        }
    }

    private SessionKey Add(SessionKey key)
    {
        _byId.Add(key.Id, key);
        return key;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "AuthKit:Keys is empty, so sessions are sealed with an ephemeral key: every session ends when the app restarts. This is allowed in Development only; configure AuthKit:Keys:0:Id and AuthKit:Keys:0:Secret (32+ random bytes, Base64) to keep sessions.")]
        public static partial void EphemeralKey(ILogger logger);
    }
}
