using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.IntegrationTests.Passkeys;

/// <summary>
/// A software WebAuthn authenticator for the library-level tests: an ES256 (P-256) key, written from the specification
/// (W3C WebAuthn Level 3, §6.1 authenticator data, §6.5 attestation "none", §7 client data) independently of
/// fido2-net-lib, answering AuthKit's options with the browser's <c>toJSON()</c> forms. Every field can be spoiled on
/// the way out, to show each attack is refused.
/// </summary>
public sealed class SoftAuthenticator : IDisposable
{
    private const byte UserPresent = 0x01;
    private const byte UserVerified = 0x04;
    private const byte BackupEligible = 0x08;
    private const byte BackedUp = 0x10;
    private const byte AttestedCredentialData = 0x40;

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public SoftAuthenticator(string origin)
    {
        Origin = origin;
    }

    /// <summary>Gets the origin the "browser" reports in client data.</summary>
    public string Origin { get; }

    public byte[] CredentialId { get; } = RandomNumberGenerator.GetBytes(32);

    public string Id => Base64Url.EncodeToString(CredentialId);

    /// <summary>Gets the user handle the relying party gave at registration (kept, as a discoverable credential keeps it).</summary>
    public byte[]? UserHandle { get; private set; }

    /// <summary>Gets or sets the signature counter; each assertion adds one first (0 = an authenticator without a counter).</summary>
    public uint Counter { get; set; }

    public bool CountsSignatures { get; set; } = true;

    /// <summary>Answers creation options (the JSON the register/options endpoint gave) with a credential's <c>toJSON()</c> form.</summary>
    public JsonObject Create(JsonElement options, Spoil? spoil = null)
    {
        spoil ??= new Spoil();
        var rpId = spoil.RpId ?? options.GetProperty("rp").GetProperty("id").GetString()!;
        UserHandle = Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        var clientData = ClientData("webauthn.create", spoil.Challenge ?? options.GetProperty("challenge").GetString()!, spoil.Origin ?? Origin);

        var parameters = _key.ExportParameters(false);
        var cose = new CborWriter(CborConformanceMode.Lax);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2); // kty: EC2
        cose.WriteInt32(3);
        cose.WriteInt32(-7); // alg: ES256
        cose.WriteInt32(-1);
        cose.WriteInt32(1); // crv: P-256
        cose.WriteInt32(-2);
        cose.WriteByteString(parameters.Q.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(parameters.Q.Y!);
        cose.WriteEndMap();

        var credentialIdLength = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(credentialIdLength, (ushort)CredentialId.Length);
        byte[] authData = [.. AuthData(rpId, (byte)(Flags(spoil) | AttestedCredentialData), Counter), .. new byte[16], .. credentialIdLength, .. CredentialId, .. cose.Encode()];

        var attestation = new CborWriter(CborConformanceMode.Lax);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authData);
        attestation.WriteEndMap();

        return new JsonObject
        {
            ["id"] = Id,
            ["rawId"] = Id,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
                ["transports"] = new JsonArray("internal"),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    /// <summary>Answers request options (the JSON a login or reauthenticate options endpoint gave) with an assertion's <c>toJSON()</c> form.</summary>
    public JsonObject Get(JsonElement options, Spoil? spoil = null)
    {
        spoil ??= new Spoil();
        if (CountsSignatures)
        {
            Counter++;
        }

        var rpId = spoil.RpId ?? options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", spoil.Challenge ?? options.GetProperty("challenge").GetString()!, spoil.Origin ?? Origin);
        var authData = AuthData(rpId, Flags(spoil), spoil.Counter ?? Counter);
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        if (spoil.TamperClientData)
        {
            clientData = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(clientData).Replace("\"crossOrigin\":false", "\"crossOrigin\":false ", StringComparison.Ordinal));
        }

        if (spoil.TamperAuthData)
        {
            authData[^1] ^= 0x01; // the counter's last byte: still well-formed, no longer what was signed
        }

        if (spoil.TamperSignature)
        {
            signature[^1] ^= 0x01;
        }

        var credentialId = spoil.CredentialId ?? Id;
        var userHandle = spoil.UserHandle ?? UserHandle;
        var response = new JsonObject
        {
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["authenticatorData"] = Base64Url.EncodeToString(authData),
            ["signature"] = Base64Url.EncodeToString(signature),
        };
        if (userHandle is not null && !spoil.OmitUserHandle)
        {
            response["userHandle"] = Base64Url.EncodeToString(userHandle);
        }

        return new JsonObject
        {
            ["id"] = credentialId,
            ["rawId"] = credentialId,
            ["type"] = "public-key",
            ["response"] = response,
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    public void Dispose() => _key.Dispose();

    private static byte Flags(Spoil spoil)
        => (byte)(UserPresent | (spoil.WithoutUserVerification ? 0 : UserVerified) | BackupEligible | BackedUp);

    private static byte[] AuthData(string rpId, byte flags, uint counter)
    {
        var data = new byte[37];
        SHA256.HashData(Encoding.UTF8.GetBytes(rpId), data);
        data[32] = flags;
        BinaryPrimitives.WriteUInt32BigEndian(data.AsSpan(33), counter);
        return data;
    }

    private static byte[] ClientData(string type, string challenge, string origin)
        => Encoding.UTF8.GetBytes($"{{\"type\":\"{type}\",\"challenge\":\"{challenge}\",\"origin\":\"{origin}\",\"crossOrigin\":false}}");

    /// <summary>What to spoil in an answer.</summary>
    public sealed record Spoil
    {
        public string? Origin { get; init; }

        public string? RpId { get; init; }

        public string? Challenge { get; init; }

        public uint? Counter { get; init; }

        public string? CredentialId { get; init; }

        public byte[]? UserHandle { get; init; }

        public bool OmitUserHandle { get; init; }

        public bool WithoutUserVerification { get; init; }

        public bool TamperClientData { get; init; }

        public bool TamperAuthData { get; init; }

        public bool TamperSignature { get; init; }
    }
}
