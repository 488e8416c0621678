using System.Text.Json.Serialization.Metadata;
using AuthKit.Credentials;

namespace AuthKit.Mapping;

/// <summary>
/// A System.Text.Json contract modifier that keeps secret members out of JSON: throws (Development) or omits them.
/// Registered on the app's HTTP JSON options by <c>AddAuthKit()</c>.
/// </summary>
internal static class SecretJsonModifier
{
    public static Action<JsonTypeInfo> Create(bool throwOnSecret) => typeInfo =>
    {
        if (typeInfo.Kind != JsonTypeInfoKind.Object)
        {
            return;
        }

        var isUser = typeof(IAuthKitUser).IsAssignableFrom(typeInfo.Type);
        foreach (var property in typeInfo.Properties)
        {
            var secret = property.AttributeProvider?.IsDefined(typeof(SecretAttribute), inherit: true) == true
                || (isUser && property.Name.Equals(nameof(IAuthKitUser.PasswordHash), StringComparison.OrdinalIgnoreCase));
            if (!secret)
            {
                continue;
            }

            if (throwOnSecret)
            {
                var name = $"{typeInfo.Type.Name}.{property.Name}";
                property.Get = _ => throw new SecretSerializationException(
                    $"{name} is secret and must not be serialised. Map the entity to a DTO (IDtoMapper) instead of returning it. "
                    + "(Outside Development this member is silently omitted.)");
            }
            else
            {
                property.ShouldSerialize = static (_, _) => false;
            }
        }
    };
}
