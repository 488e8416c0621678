using System.Text.Json.Serialization;

namespace AuthKit.Redis;

/// <summary>Source-generated JSON for the roles and values fields (no reflection at run time).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class RedisJson : JsonSerializerContext;
