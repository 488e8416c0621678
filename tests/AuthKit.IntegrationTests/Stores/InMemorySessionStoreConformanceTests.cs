using System.Text;
using System.Text.Json;
using AuthKit.Sessions.Database;

namespace AuthKit.IntegrationTests.Stores;

public sealed class InMemorySessionStoreConformanceTests : SessionStoreConformanceTests
{
    private readonly InMemorySessionStore _store = new();

    protected override Task<ISessionStore> CreateStoreAsync() => Task.FromResult<ISessionStore>(_store);

    protected override Task<byte[]> ReadEverythingStoredAsync()
        => Task.FromResult(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(_store.Snapshot())));
}
