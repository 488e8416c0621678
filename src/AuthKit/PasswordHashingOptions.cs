namespace AuthKit;

/// <summary>
/// Parameters of the default password hasher (PBKDF2-HMAC-SHA256) and the limits that keep hashing from
/// starving the server.
/// </summary>
public sealed class PasswordHashingOptions
{
    /// <summary>The iteration count recommended by the OWASP Password Storage Cheat Sheet for PBKDF2-HMAC-SHA256.</summary>
    public const int RecommendedIterations = 600_000;

    /// <summary>Gets or sets the PBKDF2 iteration count for new hashes. Stored hashes with fewer iterations are re-hashed on sign-in.</summary>
    /// <value>The default is 600,000 (about 350 ms of one core on a small server).</value>
    public int Iterations { get; set; } = RecommendedIterations;

    /// <summary>Gets or sets the salt size in bytes.</summary>
    /// <value>The default is 16 (128 bits).</value>
    public int SaltSize { get; set; } = 16;

    /// <summary>Gets or sets the derived key size in bytes.</summary>
    /// <value>The default is 32 (256 bits, the output size of SHA-256).</value>
    public int HashSize { get; set; } = 32;

    /// <summary>Gets or sets how many hash computations may run at the same time.</summary>
    /// <value>
    /// The default is one less than the number of processors (at least 1): a flood of sign-ins can then never take
    /// every core from the requests of users who are already signed in.
    /// </value>
    public int MaxConcurrency { get; set; } = Math.Max(1, Environment.ProcessorCount - 1);

    /// <summary>
    /// Gets or sets how many hash computations may wait for a slot. When the queue is full, sign-in and
    /// sign-up fail at once with an "overloaded" result (HTTP 503) instead of piling up.
    /// </summary>
    /// <value>The default is 8 per processor.</value>
    public int QueueLimit { get; set; } = 8 * Environment.ProcessorCount;

    /// <summary>
    /// Gets or sets whether hashes run on AuthKit's own threads at below-normal priority (nice +10 on Linux),
    /// so that on a busy machine the requests of signed-in users go first and a login flood cannot slow them down.
    /// </summary>
    /// <value>
    /// The default is <see langword="true"/>. On an idle machine a low-priority hash runs as fast as any other;
    /// under contention sign-ins and sign-ups wait longer, which is the point. <see langword="false"/> hashes on
    /// the request's thread-pool thread.
    /// </value>
    public bool LowPriority { get; set; } = true;
}
