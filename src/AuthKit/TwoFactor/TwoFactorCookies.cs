using System.Text.Json;
using System.Text.Json.Serialization;
using AuthKit.Http;
using AuthKit.Sessions.Cookies;
using AuthKit.Sessions.Sealing;
using Microsoft.AspNetCore.Http;

namespace AuthKit.TwoFactor;

/// <summary>
/// The second factor's own cookies, sealed with the key ring under their own purposes, so none of them opens as a
/// session (or as one another):
/// <list type="bullet">
/// <item><b>pending</b> (<c>{session cookie}-2fa</c>): the password was right, the second factor is still due. Only the
/// second step reads it; every route policy, guard, filter and AuthKit endpoint sees a signed-out request.</item>
/// <item><b>setup</b> (<c>{session cookie}-2fa-setup</c>): an enrolment's secret between the QR code and the first code.</item>
/// <item><b>device</b> (<c>{session cookie}-device</c>): "trust this device", when enabled.</item>
/// </list>
/// All are Secure, HttpOnly, SameSite=Strict, Path=/, bound to the user and expiring.
/// </summary>
internal sealed class TwoFactorCookies
{
    private readonly Lazy<KeyRing> _ring;

    public TwoFactorCookies(Lazy<KeyRing> ring, SessionCookie session)
    {
        _ring = ring;
        PendingName = session.Name + "-2fa";
        SetupName = session.Name + "-2fa-setup";
        DeviceName = session.Name + "-device";
    }

    public string PendingName { get; }

    public string SetupName { get; }

    public string DeviceName { get; }

    public void WritePending(HttpContext context, Pending pending) => Write(context, PendingName, "TwoFactorPending.v1", pending, TwoFactorJsonContext.Default.Pending, pending.ExpiresAt);

    public Pending? ReadPending(HttpContext context, DateTimeOffset now)
        => Read(context, PendingName, "TwoFactorPending.v1", TwoFactorJsonContext.Default.Pending) is { } pending && pending.ExpiresAt > now ? pending : null;

    public void WriteSetup(HttpContext context, Setup setup) => Write(context, SetupName, "TwoFactorSetup.v1", setup, TwoFactorJsonContext.Default.Setup, setup.ExpiresAt);

    public Setup? ReadSetup(HttpContext context, DateTimeOffset now)
        => Read(context, SetupName, "TwoFactorSetup.v1", TwoFactorJsonContext.Default.Setup) is { } setup && setup.ExpiresAt > now ? setup : null;

    public void WriteDevice(HttpContext context, Device device) => Write(context, DeviceName, "TwoFactorDevice.v1", device, TwoFactorJsonContext.Default.Device, device.ExpiresAt);

    public Device? ReadDevice(HttpContext context, DateTimeOffset now)
        => Read(context, DeviceName, "TwoFactorDevice.v1", TwoFactorJsonContext.Default.Device) is { } device && device.ExpiresAt > now ? device : null;

    public void Delete(HttpContext context, string name) => context.Response.Cookies.Delete(name, Options(null));

    private void Write<T>(HttpContext context, string name, string purpose, T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, DateTimeOffset expires)
        => context.Response.Cookies.Append(name, new SessionTokenFormat(_ring.Value, purpose, name).Protect(JsonSerializer.SerializeToUtf8Bytes(value, type)), Options(expires));

    private T? Read<T>(HttpContext context, string name, string purpose, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        if (!CookieHeader.TryGetValue(context.Request, name, out var value) || value.IsEmpty)
        {
            return null;
        }

        var buffer = new byte[SessionTokenFormat.MaxPlaintextLengthOf(value.Length)];
        var result = new SessionTokenFormat(_ring.Value, purpose, name).TryUnprotect(value, buffer, out var written);
        if (result is not (SessionTokenFormat.OpenResult.Opened or SessionTokenFormat.OpenResult.OpenedWithOlderKey))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(buffer.AsSpan(0, written), type);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// The options of AuthKit's short-lived helper cookies (these, and the passkey challenge's): Secure, HttpOnly,
    /// SameSite=Strict, the whole site, expiring with what they carry.
    /// </summary>
    internal static CookieOptions Options(DateTimeOffset? expires) => new()
    {
        Secure = true,
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        Expires = expires,
        IsEssential = true,
    };

    /// <summary>A sign-in whose password was right and whose second factor is due.</summary>
    internal sealed record Pending(string UserId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string? ReturnUrl);

    /// <summary>An enrolment between the QR code and its first code: the new secret, for this user only.</summary>
    internal sealed record Setup(string UserId, byte[] Secret, DateTimeOffset ExpiresAt);

    /// <summary>A browser the user chose to trust: the second factor is skipped there until it expires or trust is withdrawn.</summary>
    internal sealed record Device(string UserId, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt);
}

[JsonSerializable(typeof(TwoFactorCookies.Pending))]
[JsonSerializable(typeof(TwoFactorCookies.Setup))]
[JsonSerializable(typeof(TwoFactorCookies.Device))]
internal sealed partial class TwoFactorJsonContext : JsonSerializerContext;
