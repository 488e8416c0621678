namespace AuthKit;

/// <summary>Limits of AuthKit's ready-made HTTP endpoints (<c>MapAuthKitEndpoints</c>).</summary>
public sealed class EndpointOptions
{
    /// <summary>The smallest body limit accepted by validation: room for the longest email and password AuthKit accepts.</summary>
    public const long LowestMaxRequestBodySize = 4 * 1024;

    /// <summary>
    /// Gets or sets the largest request body, in bytes, any AuthKit endpoint reads. A larger body is refused with
    /// 413 problem details before it is read (by its <c>Content-Length</c>, or as soon as a chunked body passes the limit).
    /// </summary>
    /// <value>
    /// The default is 16 KiB: every AuthKit request is a few short JSON fields, and the longest password the policy can
    /// accept, even escaped as <c>\uXXXX</c>, fits several times over. Nothing larger is buffered or parsed.
    /// </value>
    public long MaxRequestBodySize { get; set; } = 16 * 1024;
}
