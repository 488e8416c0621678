using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace AuthKit.Http;

/// <summary>
/// Reads the JSON body of an AuthKit endpoint: UTF-8 only, at most <see cref="EndpointOptions.MaxRequestBodySize"/>
/// bytes, duplicate keys refused. Every refusal is a problem-details answer (413, 415, 400), never an exception.
/// </summary>
internal static class JsonBody
{
    /// <summary>
    /// Refuses a body that announces more than <paramref name="limit"/> bytes, and tells the server to stop any body at
    /// the limit. Runs for every AuthKit endpoint, including those that read no body.
    /// </summary>
    public static IResult? CheckLength(HttpContext http, long limit)
    {
        if (http.Request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBody)
        {
            maxBody.MaxRequestBodySize = limit;
        }

        return null;
    }

    public static async ValueTask<(T? Value, IResult? Refusal)> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> type, long limit)
        where T : class
    {
        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType) || !IsJson(contentType))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Send JSON.", "The request body must be application/json."));
        }

        // RFC 8259 §8.1: JSON between systems is UTF-8. Any other charset is refused rather than transcoded.
        var charset = contentType.Charset.Value?.Trim('"');
        if (!string.IsNullOrEmpty(charset) && !charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) && !charset.Equals("utf8", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problem(StatusCodes.Status415UnsupportedMediaType, "Send JSON in UTF-8.", "The request body must be application/json encoded as UTF-8."));
        }

        // The body is examined in the request pipe without copying it, and refused as soon as it passes the limit.
        var reader = http.Request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return (null, TooLarge(limit));
                }

                if (read.IsCompleted || read.IsCanceled)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            // The server's own limit (set by CheckLength) stopped a chunked body first.
            return (null, TooLarge(limit));
        }

        try
        {
            var json = new Utf8JsonReader(read.Buffer);
            var value = JsonSerializer.Deserialize(ref json, type);
            return value is null
                ? (null, Problem(StatusCodes.Status400BadRequest, "The request body is empty.", "Send a JSON object."))
                : (value, null);
        }
        catch (JsonException)
        {
            // Malformed, truncated, not UTF-8, too deep, a wrong type or a key given twice: one answer, no details echoed.
            return (null, Problem(StatusCodes.Status400BadRequest, "The request body is not valid JSON.", "Send one JSON object with each field once."));
        }
        finally
        {
            reader.AdvanceTo(read.Buffer.End);
        }
    }

    private static bool IsJson(MediaTypeHeaderValue contentType)
        => contentType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || contentType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase);

    private static IResult TooLarge(long limit) => Problem(
        StatusCodes.Status413PayloadTooLarge,
        "The request body is too large.",
        $"AuthKit's endpoints read at most {limit} bytes.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(statusCode: status, title: title, detail: detail);
}
