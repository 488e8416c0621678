using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Mapping;

/// <summary>Adds <see cref="SecretJsonModifier"/> to the JSON options of minimal APIs and MVC, after the app's own settings.</summary>
internal sealed class SecretJsonOptionsSetup :
    IPostConfigureOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>,
    IPostConfigureOptions<Microsoft.AspNetCore.Mvc.JsonOptions>
{
    private readonly bool _throwOnSecret;

    public SecretJsonOptionsSetup(IServiceProvider services)
    {
        _throwOnSecret = (services.GetService(typeof(IHostEnvironment)) as IHostEnvironment)?.IsDevelopment() == true;
    }

    public void PostConfigure(string? name, Microsoft.AspNetCore.Http.Json.JsonOptions options) => Apply(options.SerializerOptions);

    public void PostConfigure(string? name, Microsoft.AspNetCore.Mvc.JsonOptions options) => Apply(options.JsonSerializerOptions);

    internal void Apply(JsonSerializerOptions options)
    {
        // Options made by hand have no resolver until first use: the reflection default they would have had (none in a
        // native AOT app, where reflection is off).
        var resolver = options.TypeInfoResolver
            ?? (JsonSerializer.IsReflectionEnabledByDefault ? ReflectionResolver() : JsonTypeInfoResolver.Combine());
        options.TypeInfoResolver = resolver.WithAddedModifier(SecretJsonModifier.Create(_throwOnSecret));
    }

    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Only called when reflection-based serialization is enabled (JsonSerializer.IsReflectionEnabledByDefault), as in the options' own default.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only called when reflection-based serialization is enabled (JsonSerializer.IsReflectionEnabledByDefault), as in the options' own default.")]
    private static DefaultJsonTypeInfoResolver ReflectionResolver() => new();
}
