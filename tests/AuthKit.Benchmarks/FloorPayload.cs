using System.Text.Json.Serialization;
using AuthKit.Sessions;

namespace AuthKit.Benchmarks;

/// <summary>The session as JSON, for the floor benchmark (a hand-rolled AesGcm + JSON cookie).</summary>
public sealed record FloorPayload(string SessionId, string UserId, string[] Roles, long IssuedAt, long IdleExpiresAt, long AbsoluteExpiresAt)
{
    public static FloorPayload From(AuthSession session) => new(
        session.Id,
        session.UserId,
        [.. session.Roles],
        session.IssuedAt.ToUnixTimeMilliseconds(),
        session.IdleExpiresAt.ToUnixTimeMilliseconds(),
        session.AbsoluteExpiresAt.ToUnixTimeMilliseconds());
}

[JsonSerializable(typeof(FloorPayload))]
internal sealed partial class FloorJson : JsonSerializerContext;
