using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AuthKit.Redis;

/// <summary>
/// Checks <see cref="RedisStoreOptions"/> when the host starts, so a missing connection or a bad setting stops the
/// app with one message that lists every problem, instead of failing the first request.
/// </summary>
internal sealed class RedisStoreOptionsValidator : IValidateOptions<RedisStoreOptions>
{
    private readonly IServiceProviderIsService? _registered;

    public RedisStoreOptionsValidator(IServiceProvider services)
    {
        // Asks whether a multiplexer is registered without resolving it (resolving would connect).
        _registered = services.GetService<IServiceProviderIsService>();
    }

    public ValidateOptionsResult Validate(string? name, RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Configuration) && _registered?.IsService(typeof(IConnectionMultiplexer)) == false)
        {
            problems.Add("AuthKit.Redis has no connection: pass a configuration string (UseRedis(\"localhost:6379\")) or register an IConnectionMultiplexer in the service collection.");
        }

        if (options.KeyPrefix is null)
        {
            problems.Add("AuthKit.Redis KeyPrefix must not be null (use an empty string for no prefix).");
        }

        if (options.Database < -1)
        {
            problems.Add($"AuthKit.Redis Database must be -1 (the connection's default) or a database number, not {options.Database}.");
        }

        if (options.ExpiryMargin < TimeSpan.Zero)
        {
            problems.Add("AuthKit.Redis ExpiryMargin must not be negative.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
