using System.Text.Json.Serialization;

namespace AuthKit.Sqlite;

/// <summary>Source-generated JSON for the roles and values columns (no reflection at run time).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class SqliteJson : JsonSerializerContext;
