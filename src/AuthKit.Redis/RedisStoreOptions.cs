namespace AuthKit.Redis;

/// <summary>Settings of the AuthKit Redis stores (sessions, revocations, throttling).</summary>
public sealed class RedisStoreOptions
{
    /// <summary>
    /// Gets or sets the StackExchange.Redis configuration string, for example <c>redis.internal:6379,password=…,ssl=true</c>.
    /// AuthKit always connects with <c>abortConnect=false</c>, so the app starts while Redis is down and reconnects by itself.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the <c>IConnectionMultiplexer</c> registered in the service collection is used.</value>
    public string? Configuration { get; set; }

    /// <summary>Gets or sets the prefix of every key AuthKit writes, so several apps (or environments) can share one Redis.</summary>
    /// <value>The default is <c>authkit:</c>.</value>
    public string KeyPrefix { get; set; } = "authkit:";

    /// <summary>Gets or sets the Redis database number.</summary>
    /// <value>The default is -1: the default database of the connection.</value>
    public int Database { get; set; } = -1;

    /// <summary>
    /// Gets or sets how long Redis keeps an entry after the instant at which AuthKit considers it expired. AuthKit checks
    /// every expiry itself at the exact instant; this margin only covers clock differences between app instances.
    /// </summary>
    /// <value>The default is 1 minute.</value>
    public TimeSpan ExpiryMargin { get; set; } = TimeSpan.FromMinutes(1);
}
