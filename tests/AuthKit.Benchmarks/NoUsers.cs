using AuthKit.Credentials;

namespace AuthKit.Benchmarks;

/// <summary>A user store with no users: the benchmarks that need one never look a user up.</summary>
internal sealed class NoUsers : IUserStore
{
    public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

    public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

    public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken) => Task.FromResult<IAuthKitUser?>(null);

    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken) => Task.CompletedTask;
}
