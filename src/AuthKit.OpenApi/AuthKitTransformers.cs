using AuthKit.Endpoints;
using AuthKit.Http;
using AuthKit.Sessions.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace AuthKit.OpenApi;

/// <summary>The session cookie as the document's security scheme <c>authkit</c>.</summary>
internal sealed class AuthKitDocumentTransformer(IServiceProvider services) : IOpenApiDocumentTransformer
{
    public const string SchemeName = "authkit";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var cookie = services.GetService<SessionCookie>()?.Name
            ?? throw new InvalidOperationException("AddAuthKit() on the OpenAPI options needs AuthKit's sessions: call AddAuthKit(...).AddSessions() (or AddStatelessSessions()/AddDatabaseSessions()) on the services.");
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = cookie,
            Description = "AuthKit's session cookie (HttpOnly, set by sign-in; a browser sends it by itself). Unsafe requests must also come from the site (Origin or Sec-Fetch-Site).",
        };
        return Task.CompletedTask;
    }
}

/// <summary>The security requirement of endpoints that need a session, and the password sign-in's two answers.</summary>
internal sealed class AuthKitOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<SessionRequirement>().LastOrDefault() is { } requirement)
        {
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AuthKitDocumentTransformer.SchemeName, context.Document)] = [] });
            var needs = requirement.Role is { } role ? $"a session whose user has the role \"{role}\"" : requirement.IsFresh ? "a fresh session (403 reauthentication_required otherwise)" : "a session";
            operation.Description = string.IsNullOrEmpty(operation.Description) ? $"Needs {needs}." : $"{operation.Description} Needs {needs}.";
        }

        // POST …/login answers 200 with a session, or (password right, second factor due) with the methods the second
        // step accepts: both shapes, so a generated client knows both.
        if (metadata.OfType<SignInAnswers>().Any()
            && operation.Responses?.TryGetValue("200", out var ok) == true
            && ok.Content?.TryGetValue("application/json", out var json) == true
            && json.Schema is { } session)
        {
            var secondFactor = await context.GetOrCreateSchemaAsync(typeof(SecondFactorRequiredResponse), null, cancellationToken).ConfigureAwait(false);
            context.Document!.AddComponent(nameof(SecondFactorRequiredResponse), secondFactor);
            json.Schema = new OpenApiSchema
            {
                OneOf = [session, new OpenApiSchemaReference(nameof(SecondFactorRequiredResponse), context.Document)],
            };
        }
    }
}

/// <summary>The members AuthKit's refusals add to problem details.</summary>
internal sealed class AuthKitSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        var type = context.JsonTypeInfo.Type;
        if (IsAuthKitAnswer(type) && schema.Properties is { Count: > 0 } properties)
        {
            // What AuthKit always writes is required: a generated client then types it as present, not optional. (A
            // member that may be null, or is left out when null, is not.)
            schema.Required = new HashSet<string>(
                properties.Where(static p => p.Value.Type is { } t && !t.HasFlag(JsonSchemaType.Null)).Select(static p => p.Key),
                StringComparer.Ordinal);
        }

        if (type == typeof(ProblemDetails) || type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties ??= new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal);
            schema.Properties[Refusals.CodeKey] = new OpenApiSchema
            {
                Type = JsonSchemaType.String | JsonSchemaType.Null,
                Description = "AuthKit: the refusal's stable, machine-readable reason (for example password_too_short, reauthentication_required).",
            };
        }

        if (type == typeof(HttpValidationProblemDetails))
        {
            schema.Properties![Refusals.CodesKey] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "AuthKit: the machine-readable codes per field, beside errors' sentences (same keys, same order).",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            };
        }

        return Task.CompletedTask;
    }

    // AuthKit's own answers (the endpoints' records, in AuthKit's assemblies), not the bodies it reads: a request's
    // missing member is refused by the endpoint, with a field-keyed 400, rather than by the schema.
    private static bool IsAuthKitAnswer(Type type)
        => type.Namespace?.StartsWith("AuthKit", StringComparison.Ordinal) == true
            && (type.Name.EndsWith("Response", StringComparison.Ordinal) || type.Name is "SessionListEntry");
}
