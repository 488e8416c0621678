using System.Collections.Concurrent;
using System.Globalization;
using AuthKit.Credentials;
using AuthKit.Passkeys;
using AuthKit.TwoFactor;

namespace AuthKit.TestApp;

/// <summary>The test app's user store. Addresses starting with "admin" sign up as admins.</summary>
public sealed class InMemoryUserStore : IUserStore, IUserEmailStore, IUserTwoFactorStore, IUserPasskeyStore, AuthKit.External.IUserLoginStore
{
    private readonly ConcurrentDictionary<(string Provider, string Subject), AuthKit.External.ExternalLogin> _logins = new();

    private readonly ConcurrentDictionary<string, UserPasskey> _passkeys = new(StringComparer.Ordinal);

    private readonly ConcurrentDictionary<string, TwoFactorState> _twoFactor = new(StringComparer.Ordinal);
    private readonly Lock _changes = new();
    private readonly ConcurrentDictionary<string, TestAppUser> _byEmail = new(StringComparer.Ordinal);
    private int _nextId;

    public int FindByIdCalls => Volatile.Read(ref _findByIdCalls);

    private int _findByIdCalls;

    public Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
        => Task.FromResult<IAuthKitUser?>(_byEmail.TryGetValue(normalizedEmail, out var user) ? user : null);

    public Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _findByIdCalls);
        return Task.FromResult<IAuthKitUser?>(_byEmail.Values.FirstOrDefault(u => u.Id == userId));
    }

    public Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken)
    {
        var created = new TestAppUser
        {
            Id = "u" + Interlocked.Increment(ref _nextId).ToString(CultureInfo.InvariantCulture),
            Email = user.Email,
            PasswordHash = user.PasswordHash,
            Roles = user.Email.StartsWith("admin", StringComparison.Ordinal) ? ["admin"] : [],
            EmailVerified = user.EmailVerified,
        };
        return Task.FromResult<IAuthKitUser?>(_byEmail.TryAdd(user.Email, created) ? created : null);
    }

    public Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        foreach (var user in _byEmail.Values.Where(u => u.Id == userId))
        {
            user.PasswordHash = passwordHash;
        }

        return Task.CompletedTask;
    }

    public Task<bool> GetEmailVerifiedAsync(IAuthKitUser user, CancellationToken cancellationToken)
        => Task.FromResult(((TestAppUser)user).EmailVerified);

    public Task<bool> SetEmailVerifiedAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        if (_byEmail.TryGetValue(normalizedEmail, out var user) && user.Id == userId)
        {
            user.EmailVerified = true;
            return Task.FromResult(true);
        }

        return Task.FromResult(false);
    }

    public Task<bool> ChangeEmailAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            var user = _byEmail.Values.FirstOrDefault(u => u.Id == userId);
            if (user is null || !_byEmail.TryAdd(normalizedEmail, user))
            {
                return Task.FromResult(false);
            }

            _byEmail.TryRemove(user.Email, out _);
            user.Email = normalizedEmail;
            user.EmailVerified = true;
            return Task.FromResult(true);
        }
    }

    public Task<TwoFactorState?> GetTwoFactorAsync(string userId, CancellationToken cancellationToken)
        => Task.FromResult(_twoFactor.TryGetValue(userId, out var state) ? state : null);

    // The optimistic-concurrency write a database does with "UPDATE … WHERE version = @expected".
    public Task<bool> TryReplaceTwoFactorAsync(string userId, long expectedVersion, TwoFactorState? next, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            var current = _twoFactor.TryGetValue(userId, out var state) ? state.Version : 0;
            if (current != expectedVersion)
            {
                return Task.FromResult(false);
            }

            if (next is null)
            {
                _twoFactor.TryRemove(userId, out _);
            }
            else
            {
                _twoFactor[userId] = next;
            }

            return Task.FromResult(true);
        }
    }

    /// <summary>What a leaked user table would show of a user's second factor.</summary>
    public TwoFactorState? RawTwoFactor(string userId) => _twoFactor.TryGetValue(userId, out var state) ? state : null;

    public IReadOnlyList<TestAppUser> All() => [.. _byEmail.Values.OrderBy(u => u.Id, StringComparer.Ordinal)];

    public void SetRoles(string userId, params string[] roles)
    {
        foreach (var user in _byEmail.Values.Where(u => u.Id == userId))
        {
            user.Roles = roles;
        }
    }

    public Task<string?> FindUserByLoginAsync(string provider, string subject, CancellationToken cancellationToken)
        => Task.FromResult(_logins.TryGetValue((provider, subject), out var login) ? login.UserId : null);

    public Task<IReadOnlyList<AuthKit.External.ExternalLogin>> GetLoginsAsync(string userId, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<AuthKit.External.ExternalLogin>>(_logins.Values.Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt).ToList());

    public Task<bool> AddLoginAsync(AuthKit.External.ExternalLogin login, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            return Task.FromResult(!_logins.Values.Any(l => l.UserId == login.UserId && l.Provider == login.Provider) && _logins.TryAdd((login.Provider, login.Subject), login));
        }
    }

    public Task<bool> RemoveLoginAsync(string userId, string provider, CancellationToken cancellationToken)
    {
        lock (_changes)
        {
            var login = _logins.Values.FirstOrDefault(l => l.UserId == userId && l.Provider == provider);
            return Task.FromResult(login is not null && _logins.TryRemove((login.Provider, login.Subject), out _));
        }
    }

    public Task<IReadOnlyList<UserPasskey>> GetPasskeysAsync(string userId, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<UserPasskey>>(_passkeys.Values.Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt).ToList());

    public Task<UserPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken cancellationToken)
        => Task.FromResult(_passkeys.TryGetValue(Convert.ToHexString(credentialId), out var passkey) ? passkey : null);

    public Task<bool> AddPasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
        => Task.FromResult(_passkeys.TryAdd(Convert.ToHexString(passkey.CredentialId), passkey));

    public Task<bool> UpdatePasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(passkey.CredentialId);
        return Task.FromResult(_passkeys.TryGetValue(key, out var stored) && stored.UserId == passkey.UserId && _passkeys.TryUpdate(key, passkey, stored));
    }

    public Task<bool> RemovePasskeyAsync(string userId, byte[] credentialId, CancellationToken cancellationToken)
    {
        var key = Convert.ToHexString(credentialId);
        return Task.FromResult(_passkeys.TryGetValue(key, out var stored) && stored.UserId == userId && _passkeys.TryRemove(new KeyValuePair<string, UserPasskey>(key, stored)));
    }
}

public sealed class TestAppUser : IAuthKitUser
{
    public required string Id { get; init; }

    public required string Email { get; set; }

    public bool EmailVerified { get; set; }

    public required string PasswordHash { get; set; }

    public IReadOnlyCollection<string> Roles { get; set; } = [];

    public string Phone => "+1-555-0100-" + Id;
}
