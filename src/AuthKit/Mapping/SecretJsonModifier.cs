using System.Text.Json.Serialization.Metadata;
using AuthKit.Credentials;

namespace AuthKit.Mapping;

/// <summary>
/// A System.Text.Json contract modifier that keeps secret members out of JSON: throws (Development) or omits them.
/// Registered on the app's HTTP JSON options by <c>AddAuthKit()</c>.
/// </summary>
/// <remarks>
/// Secret are members marked <see cref="SecretAttribute"/>, and on a user class (<see cref="IAuthKitUser"/>) every member
/// that holds the user's password hash, whatever it is called: the interface's <c>PasswordHash</c> may be implemented
/// explicitly over a property or field of the app's own name, or renamed for JSON, so the hash is recognised by value
/// (the user's own <see cref="IAuthKitUser.PasswordHash"/>), not by name.
/// </remarks>
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
            var name = $"{typeInfo.Type.Name}.{property.Name}";
            if (property.AttributeProvider?.IsDefined(typeof(SecretAttribute), inherit: true) == true)
            {
                MarkSecret(property, name, throwOnSecret);
            }
            else if (isUser && property.Get is { } get && property.PropertyType.IsAssignableFrom(typeof(string)))
            {
                MarkHashHolder(property, get, name, throwOnSecret);
            }
        }
    };

    private static void MarkSecret(JsonPropertyInfo property, string name, bool throwOnSecret)
    {
        if (throwOnSecret)
        {
            property.Get = _ => throw Leak(name);
        }
        else
        {
            property.ShouldSerialize = static (_, _) => false;
        }
    }

    private static void MarkHashHolder(JsonPropertyInfo property, Func<object, object?> get, string name, bool throwOnSecret)
    {
        if (throwOnSecret)
        {
            property.Get = owner =>
            {
                var value = get(owner);
                return IsPasswordHash(owner, value) ? throw Leak(name) : value;
            };
        }
        else
        {
            var shouldSerialize = property.ShouldSerialize;
            property.ShouldSerialize = (owner, value) => !IsPasswordHash(owner, value) && (shouldSerialize?.Invoke(owner, value) ?? true);
        }
    }

    private static bool IsPasswordHash(object owner, object? value)
    {
        if (value is not string { Length: > 0 } text || owner is not IAuthKitUser user)
        {
            return false;
        }

        string? hash;
        try
        {
            hash = user.PasswordHash;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A user whose hash cannot be read cannot leak it through this member either.
            return false;
        }

        return string.Equals(text, hash, StringComparison.Ordinal);
    }

    private static SecretSerializationException Leak(string name) => new(
        $"{name} is secret and must not be serialised. Map the entity to a DTO (IDtoMapper) instead of returning it. "
        + "(Outside Development this member is silently omitted.)");
}
