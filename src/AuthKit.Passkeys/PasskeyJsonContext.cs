using System.Text.Json;
using System.Text.Json.Serialization;
using Fido2NetLib;

namespace AuthKit.Passkeys;

/// <summary>
/// Source-generated JSON for what the passkey endpoints read and keep: the browser's credential and assertion (their
/// <c>toJSON()</c> form, with Fido2's own converters), the rename body and the stored challenge. Web defaults; a key given
/// twice is an error, as on AuthKit's other endpoints.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, AllowDuplicateProperties = false)]
[JsonSerializable(typeof(AuthenticatorAttestationRawResponse))]
[JsonSerializable(typeof(AuthenticatorAssertionRawResponse))]
[JsonSerializable(typeof(RenamePasskeyRequest))]
[JsonSerializable(typeof(PasskeyChallenges.Challenge))]
[JsonSerializable(typeof(PasskeyResponse))]
[JsonSerializable(typeof(CredentialCreateOptions))]
[JsonSerializable(typeof(AssertionOptions))]
[JsonSerializable(typeof(List<PasskeyResponse>))]
internal sealed partial class PasskeyJsonContext : JsonSerializerContext;

/// <summary>The body of <c>PATCH …/passkeys/{id}</c>.</summary>
internal sealed record RenamePasskeyRequest(string? Name);

/// <summary>A passkey as the list and the registration answer show it (no key material).</summary>
internal sealed record PasskeyResponse(
    string Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    string DeviceType,
    bool BackedUp,
    IReadOnlyList<string> Transports)
{
    public static PasskeyResponse From(UserPasskey passkey) => new(
        System.Buffers.Text.Base64Url.EncodeToString(passkey.CredentialId),
        passkey.Name,
        passkey.CreatedAt,
        passkey.LastUsedAt,
        passkey.IsBackupEligible ? "multiDevice" : "singleDevice",
        passkey.IsBackedUp,
        passkey.Transports);
}
