using System.Threading.RateLimiting;
using AuthKit.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AuthKit.Endpoints;

/// <summary>
/// The rate limit of AuthKit's unsafe endpoints: a sliding window per connection IP address
/// (<see cref="RateLimitOptions"/>), answering 429 problem details with <c>Retry-After</c>.
/// </summary>
internal sealed class AuthKitRateLimiterPolicy : IRateLimiterPolicy<string>
{
    public const string Name = "AuthKit";

    private readonly IOptions<AuthKitOptions> _options;

    public AuthKitRateLimiterPolicy(IOptions<AuthKitOptions> options)
    {
        _options = options;
    }

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => static async (context, cancellationToken) =>
    {
        var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
        Refusals.NoStore(context.HttpContext.Response);
        await Refusals.TooManyAttempts(context.HttpContext, retryAfter, "Too many requests.", "Too many attempts from this address. Try again later.")
            .ExecuteAsync(context.HttpContext).ConfigureAwait(false);
    };

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        var options = _options.Value;
        var limits = options.RateLimit;
        if (!limits.Enabled)
        {
            return RateLimitPartition.GetNoLimiter("off");
        }

        // The connection's address (X-Forwarded-For only through the app's own forwarded-headers set-up); an IPv6
        // client is its whole /64 (ThrottlingOptions.Ipv6PrefixLength), or rotating addresses would escape the limit.
        var address = ClientAddress.KeyOf(httpContext, options.Throttling.Ipv6PrefixLength) ?? "unknown";
        return RateLimitPartition.GetSlidingWindowLimiter(address, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = limits.PermitLimit,
            Window = limits.Window,
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        });
    }
}
