using System.Collections.Concurrent;
using AuthKit.Credentials;

namespace AuthKit.Tests.TestSupport;

/// <summary>An in-memory user store that records what AuthKit asked of it.</summary>
public sealed class TestUserStore : IUserStore
{
    private readonly ConcurrentDictionary<string, TestUser> _byEmail = new(StringComparer.Ordinal);
    private int _nextId;

    public List<(string UserId, string Hash)> PasswordUpdates { get; } = [];

    public List<string> EmailLookups { get; } = [];

    public TestUser Add(string normalizedEmail, string passwordHash, params string[] roles)
    {
        var user = new TestUser
        {
            Id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Email = normalizedEmail,
            PasswordHash = passwordHash,
            Roles = roles,
        };
        _byEmail[normalizedEmail] = user;
        return user;
    }

    public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        lock (EmailLookups)
        {
            EmailLookups.Add(normalizedEmail);
        }

        return Task.FromResult<IAuthKitUser?>(_byEmail.TryGetValue(normalizedEmail, out var user) ? user : null);
    }

    public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
        => Task.FromResult<IAuthKitUser?>(_byEmail.Values.FirstOrDefault(u => u.Id == userId));

    public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken)
    {
        var created = new TestUser
        {
            Id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            Email = user.Email,
            PasswordHash = user.PasswordHash,
        };
        return Task.FromResult<IAuthKitUser?>(_byEmail.TryAdd(user.Email, created) ? created : null);
    }

    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        var user = _byEmail.Values.Single(u => u.Id == userId);
        user.PasswordHash = passwordHash;
        lock (PasswordUpdates)
        {
            PasswordUpdates.Add((userId, passwordHash));
        }

        return Task.CompletedTask;
    }
}
