using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit.Endpoints;

/// <summary>
/// Source-generated JSON for the bodies AuthKit's endpoints read and the answers they write: web defaults (camelCase,
/// case-insensitive), and a key given twice is an error rather than "the last one wins" (a proxy and the app must not
/// read different values). Nothing is serialized by reflection, so the endpoints work in a native AOT app.
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
[JsonSerializable(typeof(SessionResponse))]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(SecondFactorRequiredResponse))]
[JsonSerializable(typeof(TotpSetupResponse))]
[JsonSerializable(typeof(RecoveryCodesResponse))]
[JsonSerializable(typeof(AcceptedResponse))]
[JsonSerializable(typeof(List<SessionListEntry>))]
[JsonSerializable(typeof(List<ExternalProviderResponse>))]
[JsonSerializable(typeof(ExternalLinkResponse))]
[JsonSerializable(typeof(List<LinkedLoginResponse>))]
[JsonSerializable(typeof(Dictionary<string, string[]>))]
internal sealed partial class AuthKitJsonContext : JsonSerializerContext;
