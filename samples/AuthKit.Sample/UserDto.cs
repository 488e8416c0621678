namespace AuthKit.Sample;

/// <summary>What the API shows of a user; never the password hash.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Email">The email, for its owner and admins only.</param>
/// <param name="Role">"admin" or "member".</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record UserDto(string Id, string? Email, string Role, DateTimeOffset CreatedAt);

/// <summary>The sample's own API answers, source-generated (no reflection: the sample also runs as a native AOT app).</summary>
[System.Text.Json.Serialization.JsonSourceGenerationOptions(System.Text.Json.JsonSerializerDefaults.Web)]
[System.Text.Json.Serialization.JsonSerializable(typeof(UserDto))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<UserDto>))]
internal sealed partial class SampleJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
