using AuthKit.OpenApi;
using Microsoft.AspNetCore.OpenApi;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Describes AuthKit in an app's OpenAPI document (<c>AddOpenApi(o => o.AddAuthKit())</c>).</summary>
public static class AuthKitOpenApiOptionsExtensions
{
    /// <summary>
    /// Adds AuthKit to the OpenAPI document: the session cookie as the security scheme <c>authkit</c> (an API key in a
    /// cookie, under the cookie's real name), required by every endpoint with <c>.RequireSession()</c>,
    /// <c>.RequireFreshSession()</c> or <c>.RequireRole()</c> (AuthKit's own and the app's); the members AuthKit adds to
    /// problem details (<c>code</c>; on field-keyed 400s also <c>codes</c>); and both answers of the password sign-in
    /// (a session, or "second factor required").
    /// </summary>
    /// <param name="options">The document's options.</param>
    /// <returns>The options.</returns>
    public static OpenApiOptions AddAuthKit(this OpenApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddDocumentTransformer<AuthKitDocumentTransformer>();
        options.AddOperationTransformer<AuthKitOperationTransformer>();
        options.AddSchemaTransformer<AuthKitSchemaTransformer>();
        return options;
    }
}
