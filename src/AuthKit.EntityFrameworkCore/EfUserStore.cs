using System.Diagnostics.CodeAnalysis;
using AuthKit.Credentials;
using AuthKit.External;
using AuthKit.Passkeys;
using AuthKit.TwoFactor;
using Microsoft.EntityFrameworkCore;

namespace AuthKit.EntityFrameworkCore;

/// <summary>
/// The ready-made user store on EF Core: <see cref="IUserStore"/> and every optional user-store contract (verified
/// address, second factor, external logins, passkeys) over the tables of <c>AddAuthKitUsers&lt;TUser&gt;()</c>. Unique
/// keys decide races (a second sign-up with one address, a subject linked twice): the losing write answers
/// <see langword="null"/> or <see langword="false"/>, as the contracts ask. Reads are not tracked.
/// </summary>
/// <typeparam name="TContext">The application's context.</typeparam>
/// <typeparam name="TUser">The user class.</typeparam>
public class EfUserStore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext, [DynamicallyAccessedMembers(EntityMembers.Required)] TUser>(IDbContextFactory<TContext> factory, TimeProvider time)
    : IUserStore, IUserEmailStore, IUserTwoFactorStore, IUserLoginStore, IUserPasskeyStore
    where TContext : DbContext
    where TUser : AuthKitUser, new()
{
    /// <inheritdoc />
    public async Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<TUser>().AsNoTracking().FirstOrDefaultAsync(u => u.Email == normalizedEmail, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<TUser>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var created = new TUser
        {
            Email = user.Email,
            PasswordHash = user.PasswordHash,
            EmailVerified = user.EmailVerified,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Set<TUser>().Add(created);
        return await EfWrites.TryInsertAsync(db, cancellationToken).ConfigureAwait(false) ? created : null;
    }

    /// <inheritdoc />
    public async Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<TUser>().Where(u => u.Id == userId).ExecuteUpdateAsync(u => u.SetProperty(x => x.PasswordHash, passwordHash), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> GetEmailVerifiedAsync(IAuthKitUser user, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var id = user.Id;
        var email = user.Email;
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<TUser>().AnyAsync(u => u.Id == id && u.Email == email && u.EmailVerified, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> SetEmailVerifiedAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<TUser>().Where(u => u.Id == userId && u.Email == normalizedEmail)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.EmailVerified, true), cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ChangeEmailAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await db.Set<TUser>().Where(u => u.Id == userId)
                .ExecuteUpdateAsync(u => u.SetProperty(x => x.Email, normalizedEmail).SetProperty(x => x.EmailVerified, true), cancellationToken).ConfigureAwait(false) == 1;
        }
        catch (System.Data.Common.DbException exception) when (EfWrites.IsUniqueViolation(exception))
        {
            // The unique index refused an address another user holds: nothing changed.
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<TwoFactorState?> GetTwoFactorAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Set<AuthKitUserTwoFactorRow>().AsNoTracking().FirstOrDefaultAsync(t => t.UserId == userId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : new TwoFactorState(
            row.SecretCiphertext,
            row.LastUsedStep,
            row.RecoveryCodeHashes,
            DateTimeOffset.FromUnixTimeMilliseconds(row.EnabledAt),
            DateTimeOffset.FromUnixTimeMilliseconds(row.TrustedDevicesNotBefore),
            row.Version);
    }

    /// <inheritdoc />
    public async Task<bool> TryReplaceTwoFactorAsync(string userId, long expectedVersion, TwoFactorState? next, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Set<AuthKitUserTwoFactorRow>();
        if (next is null)
        {
            return await rows.Where(t => t.UserId == userId && t.Version == expectedVersion).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
        }

        var codes = next.RecoveryCodeHashes.ToList();
        var enabled = next.EnabledAt.ToUnixTimeMilliseconds();
        var trusted = next.TrustedDevicesNotBefore.ToUnixTimeMilliseconds();
        if (expectedVersion == 0)
        {
            rows.Add(new AuthKitUserTwoFactorRow
            {
                UserId = userId,
                SecretCiphertext = next.SecretCiphertext,
                LastUsedStep = next.LastUsedStep,
                RecoveryCodeHashes = codes,
                EnabledAt = enabled,
                TrustedDevicesNotBefore = trusted,
                Version = next.Version,
            });
            return await EfWrites.TryInsertAsync(db, cancellationToken).ConfigureAwait(false);
        }

        // One conditional update: the version check is what makes a code work once under concurrency.
        return await rows.Where(t => t.UserId == userId && t.Version == expectedVersion).ExecuteUpdateAsync(
            u => u.SetProperty(t => t.SecretCiphertext, next.SecretCiphertext)
                .SetProperty(t => t.LastUsedStep, next.LastUsedStep)
                .SetProperty(t => t.RecoveryCodeHashes, codes)
                .SetProperty(t => t.EnabledAt, enabled)
                .SetProperty(t => t.TrustedDevicesNotBefore, trusted)
                .SetProperty(t => t.Version, next.Version),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<string?> FindUserByLoginAsync(string provider, string subject, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitUserLoginRow>().Where(l => l.Provider == provider && l.Subject == subject).Select(l => l.UserId)
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExternalLogin>> GetLoginsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Set<AuthKitUserLoginRow>().AsNoTracking().Where(l => l.UserId == userId).OrderBy(l => l.CreatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(l => new ExternalLogin(l.UserId, l.Provider, l.Subject, DateTimeOffset.FromUnixTimeMilliseconds(l.CreatedAt)))];
    }

    /// <inheritdoc />
    public async Task<bool> AddLoginAsync(ExternalLogin login, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(login);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Set<AuthKitUserLoginRow>().Add(new AuthKitUserLoginRow
        {
            Provider = login.Provider,
            Subject = login.Subject,
            UserId = login.UserId,
            CreatedAt = login.CreatedAt.ToUnixTimeMilliseconds(),
        });
        return await EfWrites.TryInsertAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RemoveLoginAsync(string userId, string provider, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitUserLoginRow>().Where(l => l.UserId == userId && l.Provider == provider).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<UserPasskey>> GetPasskeysAsync(string userId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Set<AuthKitUserPasskeyRow>().AsNoTracking().Where(p => p.UserId == userId).OrderBy(p => p.CreatedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(ToPasskey)];
    }

    /// <inheritdoc />
    public async Task<UserPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Set<AuthKitUserPasskeyRow>().AsNoTracking().FirstOrDefaultAsync(p => p.CredentialId == credentialId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToPasskey(row);
    }

    /// <inheritdoc />
    public async Task<bool> AddPasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Set<AuthKitUserPasskeyRow>().Add(new AuthKitUserPasskeyRow
        {
            CredentialId = passkey.CredentialId,
            UserId = passkey.UserId,
            UserHandle = passkey.UserHandle,
            PublicKey = passkey.PublicKey,
            SignCount = passkey.SignCount,
            Transports = [.. passkey.Transports],
            Name = passkey.Name,
            CreatedAt = passkey.CreatedAt.ToUnixTimeMilliseconds(),
            LastUsedAt = passkey.LastUsedAt?.ToUnixTimeMilliseconds(),
            IsBackupEligible = passkey.IsBackupEligible,
            IsBackedUp = passkey.IsBackedUp,
            AaGuid = passkey.AaGuid,
        });
        return await EfWrites.TryInsertAsync(db, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> UpdatePasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(passkey);
        var id = passkey.CredentialId;
        var user = passkey.UserId;
        var count = (long)passkey.SignCount;
        var used = passkey.LastUsedAt?.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitUserPasskeyRow>().Where(p => p.CredentialId == id && p.UserId == user).ExecuteUpdateAsync(
            u => u.SetProperty(p => p.SignCount, count).SetProperty(p => p.Name, passkey.Name).SetProperty(p => p.LastUsedAt, used).SetProperty(p => p.IsBackedUp, passkey.IsBackedUp),
            cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> RemovePasskeyAsync(string userId, byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitUserPasskeyRow>().Where(p => p.CredentialId == credentialId && p.UserId == userId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static UserPasskey ToPasskey(AuthKitUserPasskeyRow row) => new()
    {
        CredentialId = row.CredentialId,
        UserId = row.UserId,
        UserHandle = row.UserHandle,
        PublicKey = row.PublicKey,
        SignCount = (uint)row.SignCount,
        Transports = row.Transports,
        Name = row.Name,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        LastUsedAt = row.LastUsedAt is { } used ? DateTimeOffset.FromUnixTimeMilliseconds(used) : null,
        IsBackupEligible = row.IsBackupEligible,
        IsBackedUp = row.IsBackedUp,
        AaGuid = row.AaGuid,
    };
}
