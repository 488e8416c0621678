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
        var resolver = options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver();
        options.TypeInfoResolver = resolver.WithAddedModifier(SecretJsonModifier.Create(_throwOnSecret));
    }
}
