using AuthKit.IntegrationTests.Redis;
using Microsoft.Data.Sqlite;

namespace AuthKit.IntegrationTests.Infrastructure;

/// <summary>
/// Where a suite's test app keeps AuthKit's state (sessions, revocations, throttling, one-time tokens): a private SQLite
/// file, or a private key prefix on the shared Redis test server. Disposing removes it.
/// </summary>
public sealed class StoreScope : IDisposable
{
    private readonly Action _remove;

    private StoreScope(IReadOnlyDictionary<string, string?> settings, Action remove)
    {
        Settings = settings;
        _remove = remove;
    }

    /// <summary>Gets the test app settings that select the store.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    public static StoreScope Sqlite()
    {
        var directory = Directory.CreateTempSubdirectory("authkit-store-").FullName;
        return new StoreScope(
            new Dictionary<string, string?>
            {
                ["Sessions:Store"] = "Sqlite",
                ["ConnectionStrings:Sessions"] = $"Data Source={Path.Combine(directory, "authkit.db")}",
            },
            () =>
            {
                SqliteConnection.ClearAllPools();
                Directory.Delete(directory, recursive: true);
            });
    }

    public static StoreScope Redis(string owner)
    {
        var prefix = TestRedis.NewPrefix(owner);
        return new StoreScope(
            new Dictionary<string, string?>
            {
                ["Sessions:Store"] = "Redis",
                ["ConnectionStrings:Sessions"] = TestRedis.AddressAsync().GetAwaiter().GetResult(),
                ["Redis:KeyPrefix"] = prefix,
            },
            () => TestRedis.DeleteKeysAsync(prefix).GetAwaiter().GetResult());
    }

    public void Dispose() => _remove();
}
