using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit.Endpoints;

/// <summary>
/// Source-generated JSON for the bodies AuthKit's endpoints read: web defaults (camelCase, case-insensitive), and a key
/// given twice is an error rather than "the last one wins" (a proxy and the app must not read different values).
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(CredentialsRequest))]
[JsonSerializable(typeof(ChangePasswordRequest))]
[JsonSerializable(typeof(EmailRequest))]
[JsonSerializable(typeof(ResetPasswordRequest))]
[JsonSerializable(typeof(TokenRequest))]
[JsonSerializable(typeof(ChangeEmailRequest))]
[JsonSerializable(typeof(ReauthenticateRequest))]
[JsonSerializable(typeof(SecondFactorRequest))]
[JsonSerializable(typeof(CodeRequest))]
internal sealed partial class AuthKitJsonContext : JsonSerializerContext;
