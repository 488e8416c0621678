using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.BrowserTests;

/// <summary>
/// The sample API's OpenAPI document (Microsoft.AspNetCore.OpenApi with <c>AddAuthKit()</c>), as the Next.js sample runs
/// it: every AuthKit endpoint with its request schema, results and problem answers, the session cookie as the security
/// scheme; and the copy the Next.js sample generates its typed client from is this document.
/// </summary>
public sealed class OpenApiContractTests
{
    // Method, path, request schema (null: no body), and the statuses the endpoint declares.
    public static TheoryData<string, string, string?, int[]> Endpoints => new()
    {
        { "post", "/api/auth/login", "CredentialsRequest", [200, 400, 401, 403, 413, 415, 429, 503] },
        { "post", "/api/auth/signup", "CredentialsRequest", [201, 202, 400, 413, 415, 429, 503] },
        { "post", "/api/auth/logout", null, [204] },
        { "get", "/api/auth/session", null, [200, 401] },
        { "get", "/api/auth/sessions", null, [200, 401, 404] },
        { "delete", "/api/auth/sessions/{id}", null, [204, 401, 404] },
        { "post", "/api/auth/sessions/revoke-others", null, [204, 401] },
        { "post", "/api/auth/password", "ChangePasswordRequest", [204, 400, 401, 403, 413, 415, 429, 503] },
        { "post", "/api/auth/reauthenticate", "ReauthenticateRequest", [204, 400, 401, 413, 415, 429, 503] },
        { "post", "/api/auth/password/forgot", "EmailRequest", [202, 400, 413, 415, 429] },
        { "post", "/api/auth/password/reset", "ResetPasswordRequest", [204, 400, 413, 415, 429, 503] },
        { "post", "/api/auth/email/verify", "TokenRequest", [200, 204, 400, 413, 415, 429] },
        { "post", "/api/auth/email/resend", "EmailRequest", [202, 400, 413, 415, 429] },
        { "post", "/api/auth/email/change", "ChangeEmailRequest", [202, 400, 401, 403, 413, 415, 429] },
        { "post", "/api/auth/login/second-factor", "SecondFactorRequest", [200, 400, 401, 413, 415, 429] },
        { "post", "/api/auth/mfa/totp/setup", null, [200, 401, 403, 409, 429] },
        { "post", "/api/auth/mfa/totp/confirm", "CodeRequest", [200, 400, 401, 409, 413, 415, 429] },
        { "post", "/api/auth/mfa/totp/disable", "CodeRequest", [204, 400, 401, 403, 409, 413, 415, 429] },
        { "post", "/api/auth/mfa/recovery-codes", null, [200, 401, 403, 409, 429] },
        { "get", "/api/auth/external", null, [200] },
        { "get", "/api/auth/external/callback", null, [302, 429] },
        { "get", "/api/auth/external/{provider}", null, [302, 404, 429] },
        { "post", "/api/auth/external/{provider}/link", null, [200, 401, 403, 404, 429] },
        { "get", "/api/auth/logins", null, [200, 401] },
        { "delete", "/api/auth/logins/{provider}", null, [204, 401, 403, 404, 409, 429] },
        { "get", "/api/auth/passkeys", null, [200, 401] },
        { "post", "/api/auth/passkeys/register/options", null, [200, 401, 403, 409, 429] },
        { "post", "/api/auth/passkeys/register", "AuthenticatorAttestationRawResponse", [201, 400, 401, 409, 413, 415, 429] },
        { "post", "/api/auth/passkeys/login/options", null, [200, 409, 429] },
        { "post", "/api/auth/passkeys/login", "AuthenticatorAssertionRawResponse", [200, 400, 413, 415, 429] },
        { "post", "/api/auth/passkeys/reauthenticate/options", null, [200, 401, 409, 429] },
        { "post", "/api/auth/passkeys/reauthenticate", "AuthenticatorAssertionRawResponse", [204, 400, 401, 413, 415, 429] },
        { "patch", "/api/auth/passkeys/{id}", "RenamePasskeyRequest", [200, 400, 401, 404, 413, 415, 429] },
        { "delete", "/api/auth/passkeys/{id}", null, [204, 401, 403, 404, 409, 429] },
        { "get", "/api/profile", null, [200, 401] },
        { "get", "/api/admin/users", null, [200, 401, 403] },
    };

    private static readonly Lazy<Task<JsonObject>> Document = new(LoadAsync);

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task EveryEndpoint_DeclaresItsBody_ResultsAndProblems(string method, string path, string? body, int[] statuses)
    {
        var operation = (await Document.Value)["paths"]?[path]?[method]?.AsObject();
        operation.Should().NotBeNull($"{method.ToUpperInvariant()} {path} is in the document");

        var request = operation!["requestBody"]?["content"]?["application/json"]?["schema"]?["$ref"]?.GetValue<string>();
        request.Should().Be(body is null ? null : "#/components/schemas/" + body);
        operation["responses"]!.AsObject().Select(r => int.Parse(r.Key, System.Globalization.CultureInfo.InvariantCulture)).Should().BeEquivalentTo(statuses);

        foreach (var (status, response) in operation["responses"]!.AsObject())
        {
            var content = response!["content"]?.AsObject();
            if (status is "204" or "302")
            {
                content.Should().BeNull($"{status} has no body");
            }
            else if (status[0] is '4' or '5' && !(path == "/api/auth/login" && status == "401"))
            {
                // Every refusal is problem details; a 400 is the field-keyed kind.
                var schema = content!["application/problem+json"]!["schema"]!["$ref"]!.GetValue<string>();
                schema.Should().Be(status == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails");
            }
            else
            {
                content!["application/json"]!["schema"].Should().NotBeNull($"{status} of {path} describes its body");
            }
        }
    }

    [Fact]
    public async Task TheSessionCookie_IsTheSecurityScheme_OfEveryEndpointThatNeedsASession()
    {
        var document = await Document.Value;
        var scheme = document["components"]!["securitySchemes"]!["authkit"]!;
        scheme["type"]!.GetValue<string>().Should().Be("apiKey");
        scheme["in"]!.GetValue<string>().Should().Be("cookie");
        scheme["name"]!.GetValue<string>().Should().Be(NextJsPair.CookieName, "the Next.js pair shares the guide's cookie");

        static bool Secured(JsonObject document, string method, string path) => document["paths"]![path]![method]!["security"] is JsonArray { Count: > 0 } security
            && security[0]!.AsObject().ContainsKey("authkit");
        Secured(document, "get", "/api/profile").Should().BeTrue();
        Secured(document, "get", "/api/admin/users").Should().BeTrue();
        Secured(document, "post", "/api/auth/password").Should().BeTrue();
        Secured(document, "get", "/api/auth/passkeys").Should().BeTrue();
        Secured(document, "post", "/api/auth/login").Should().BeFalse();
        Secured(document, "post", "/api/auth/signup").Should().BeFalse();
        document["paths"]!["/api/auth/password"]!["post"]!["description"]!.GetValue<string>().Should().Contain("fresh session");
    }

    [Fact]
    public async Task Schemas_DescribeWhatTheEndpointsAnswer()
    {
        var schemas = (await Document.Value)["components"]!["schemas"]!;

        // The password sign-in answers a session, or "second factor required".
        var login = (await Document.Value)["paths"]!["/api/auth/login"]!["post"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["oneOf"]!.AsArray();
        login.Select(s => s!["$ref"]!.GetValue<string>()).Should().BeEquivalentTo("#/components/schemas/SessionResponse", "#/components/schemas/SecondFactorRequiredResponse");

        // What is always written is required (a generated client types it as present); what may be absent is not.
        Names(schemas["SessionResponse"]!["required"]).Should().BeEquivalentTo("userId", "roles", "expiresAt", "kind");
        Names(schemas["SecondFactorRequiredResponse"]!["required"]).Should().BeEquivalentTo("secondFactorRequired", "methods");
        Names(schemas["CredentialsRequest"]!["required"]).Should().BeEquivalentTo("email", "password");
        schemas["CredentialsRequest"]!["properties"]!.AsObject().Select(p => p.Key).Should().BeEquivalentTo("email", "password", "returnUrl");

        // Field-keyed validation problems: errors.{field} sentences, codes.{field} codes, and code.
        var validation = schemas["HttpValidationProblemDetails"]!["properties"]!;
        validation["errors"]!["additionalProperties"]!["items"]!["type"]!.GetValue<string>().Should().Be("string");
        validation["codes"]!["additionalProperties"]!["items"]!["type"]!.GetValue<string>().Should().Be("string");
        validation["code"].Should().NotBeNull();
        schemas["ProblemDetails"]!["properties"]!["code"].Should().NotBeNull();
    }

    [Fact]
    public async Task TheNextJsSamplesCopy_IsThisDocument()
    {
        // samples/AuthKit.NextJs.Sample generates lib/api-schema.d.ts from openapi/authkit.json (npm run generate): the
        // copy must be what the API describes today, or the typed client is typed against an older API.
        var current = Normalize(await Document.Value);
        var path = Path.Combine(Repository.NextJsSample, "openapi", "authkit.json");
        var committed = File.Exists(path) ? await File.ReadAllTextAsync(path) : "";
        if (committed.ReplaceLineEndings("\n") != current)
        {
            await File.WriteAllTextAsync(Path.Combine(Repository.NextJsSample, "openapi", "authkit.received.json"), current);
        }

        committed.ReplaceLineEndings("\n").Should().Be(current,
            "openapi/authkit.json must match the API; review openapi/authkit.received.json, move it over authkit.json and run npm run generate in samples/AuthKit.NextJs.Sample");
    }

    // Without the server address (it names the test's random port); indented, one trailing newline.
    private static string Normalize(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        copy.Remove("servers");
        return copy.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static IEnumerable<string> Names(JsonNode? array) => array!.AsArray().Select(n => n!.GetValue<string>());

    private static async Task<JsonObject> LoadAsync()
    {
        using var server = new SampleServer("Stateless", NextJsPair.ApiSettings("http://localhost:3000"));
        using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        return (await client.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
    }
}
