using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.NextJs.Internal;

/// <summary>Reads and writes values at dotted paths (<c>user.id</c>) of a JSON payload.</summary>
internal static class PayloadPath
{
    // Non-ASCII text as UTF-8, not \u escapes, as JSON.stringify writes it (the payload is signed or sealed, never HTML).
    private static readonly JsonWriterOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The payload as compact UTF-8 JSON, written without reflection.</summary>
    public static byte[] ToUtf8(JsonObject json)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, Relaxed))
        {
            json.WriteTo(writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static JsonNode? Get(JsonObject root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            if (node is not JsonObject current || !current.TryGetPropertyValue(segment, out node))
            {
                return null;
            }
        }

        return node;
    }

    public static void Set(JsonObject root, string path, JsonNode? value)
    {
        var segments = path.Split('.');
        var current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            if (current[segments[i]] is not JsonObject next)
            {
                next = [];
                current[segments[i]] = next;
            }

            current = next;
        }

        current[segments[^1]] = value;
    }

    /// <summary>A user id: a non-empty string, or an integer (made text invariantly).</summary>
    public static string? ReadUserId(JsonObject root, string path)
    {
        if (Get(root, path) is not JsonValue value)
        {
            return null;
        }

        return value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>() is { Length: > 0 and <= 256 } text ? text : null,
            JsonValueKind.Number when value.TryGetValue<long>(out var number) => number.ToString(CultureInfo.InvariantCulture),
            _ => null,
        };
    }

    /// <summary>Roles: an array of strings or one string; absent or null is none. Anything else is <see langword="null"/> (refused).</summary>
    public static IReadOnlyList<string>? ReadRoles(JsonObject root, string? path)
    {
        var node = path is null ? null : Get(root, path);
        switch (node)
        {
            case null:
                return [];
            case JsonValue single when single.GetValueKind() == JsonValueKind.String:
                return [single.GetValue<string>()];
            case JsonArray array:
                var roles = new string[array.Count];
                for (var i = 0; i < roles.Length; i++)
                {
                    if (array[i] is not JsonValue item || item.GetValueKind() != JsonValueKind.String)
                    {
                        return null;
                    }

                    roles[i] = item.GetValue<string>();
                }

                return roles;
            default:
                return null;
        }
    }

    /// <summary>A NumericDate (seconds since the epoch, possibly fractional) as whole milliseconds; <see langword="null"/> when absent or not a sane number.</summary>
    public static DateTimeOffset? ReadSeconds(JsonObject root, string? path, out bool present)
    {
        var node = path is null ? null : Get(root, path);
        present = node is not null;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.Number || !value.TryGetValue<double>(out var seconds)
            || !double.IsFinite(seconds) || seconds < 0 || seconds > 253_402_300_799)
        {
            return null;
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000));
    }

    /// <summary>Seconds since the epoch: a whole number when the instant is on a second, else with its milliseconds.</summary>
    public static JsonNode Seconds(DateTimeOffset instant)
    {
        var milliseconds = instant.ToUnixTimeMilliseconds();
        return milliseconds % 1000 == 0 ? JsonValue.Create(milliseconds / 1000) : JsonValue.Create(milliseconds / 1000d);
    }

    /// <summary>Reads a session id written by AuthKit (Base64url, 1–64 bytes).</summary>
    public static byte[]? ReadSessionId(JsonObject root, string? path)
        => path is not null && Get(root, path) is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && StrictBase64Url.Decode(value.GetValue<string>()) is { Length: > 0 and <= 64 } id
            ? id
            : null;

    /// <summary>Parses a payload: a JSON object, duplicate names refused, depth bounded. Never throws.</summary>
    public static JsonObject? ParseObject(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 32, AllowDuplicateProperties = false }) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
