using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using AuthKit.Endpoints;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Mapping;

/// <summary>Adds <see cref="SecretJsonModifier"/> to the JSON options of minimal APIs and MVC, after the app's own settings.</summary>
internal sealed class SecretJsonOptionsSetup :
    IPostConfigureOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>,
    IPostConfigureOptions<Microsoft.AspNetCore.Mvc.JsonOptions>
{
    private static readonly IJsonTypeInfoResolver EmptyResolver = JsonTypeInfoResolver.Combine();
    private readonly bool _throwOnSecret;

    public SecretJsonOptionsSetup(IServiceProvider services)
    {
        _throwOnSecret = (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsDevelopment() == true;
    }

    public void PostConfigure(string? name, Microsoft.AspNetCore.Http.Json.JsonOptions options) => Apply(options.SerializerOptions);

    public void PostConfigure(string? name, Microsoft.AspNetCore.Mvc.JsonOptions options) => Apply(options.JsonSerializerOptions);

    internal void Apply(JsonSerializerOptions options)
    {
        // AuthKit's own answers (and the problem members it adds) first, source-generated: an app published with native
        // AOT serializes them, and its OpenAPI document describes them, without reflection.
        if (options.TypeInfoResolver is null && JsonSerializer.IsReflectionEnabledByDefault)
        {
            // Options made by hand have no resolver until first use: keep the reflection default they would have had.
            options.TypeInfoResolverChain.Add(ReflectionResolver());
        }

        if (!options.TypeInfoResolverChain.Contains(AuthKitJsonContext.Default))
        {
            options.TypeInfoResolverChain.Insert(0, AuthKitJsonContext.Default);
        }

        var resolver = options.TypeInfoResolver ?? EmptyResolver;
        options.TypeInfoResolver = resolver.WithAddedModifier(SecretJsonModifier.Create(_throwOnSecret));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when reflection-based serialization is enabled (JsonSerializer.IsReflectionEnabledByDefault), as in the options' own default.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when reflection-based serialization is enabled (JsonSerializer.IsReflectionEnabledByDefault), as in the options' own default.")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();
}
