using System.Globalization;
using AuthKit.Credentials;
using AuthKit.Passkeys;
using AuthKit.TwoFactor;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Users;

/// <summary>
/// The sample's user store: its own <c>users</c> table in SQLite, behind AuthKit's one interface, plus
/// <see cref="IUserEmailStore"/> for address verification and change and <see cref="IUserTwoFactorStore"/> for the
/// second factor. This is the part an application writes;
/// everything else comes from AuthKit.
/// </summary>
public sealed class SqliteUserStore : IUserStore, IUserEmailStore, IUserTwoFactorStore, IUserPasskeyStore, AuthKit.External.IUserLoginStore
{
    private readonly UserDatabase _database;
    private readonly SampleOptions _options;
    private readonly TimeProvider _time;

    public SqliteUserStore(UserDatabase database, IOptions<SampleOptions> options, TimeProvider time)
    {
        _database = database;
        _options = options.Value;
        _time = time;
    }

    public async Task<IAuthKitUser?> FindByEmailAsync(string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, password_hash, is_admin, created_at, email_verified FROM users WHERE email = $email";
        command.Parameters.AddWithValue("$email", normalizedEmail);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IAuthKitUser?> FindByIdAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, password_hash, is_admin, created_at, email_verified FROM users WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        return await ReadSingleAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<AppUser>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, email, password_hash, is_admin, created_at, email_verified FROM users ORDER BY created_at";
        var users = new List<AppUser>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            users.Add(Read(reader));
        }

        return users;
    }

    public async Task<IAuthKitUser?> CreateAsync(NewUser user, CancellationToken cancellationToken)
    {
        var created = new AppUser
        {
            Id = Guid.CreateVersion7().ToString("n"),
            Email = user.Email,
            PasswordHash = user.PasswordHash,
            CreatedAt = _time.GetUtcNow(),
            IsAdmin = _options.AdminEmails.Contains(user.Email, StringComparer.OrdinalIgnoreCase),
            EmailVerified = user.EmailVerified,
        };

        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO users (id, email, password_hash, is_admin, created_at, email_verified)
            VALUES ($id, $email, $hash, $admin, $created, $verified)
            ON CONFLICT (email) DO NOTHING
            """;
        command.Parameters.AddWithValue("$id", created.Id);
        command.Parameters.AddWithValue("$email", created.Email);
        command.Parameters.AddWithValue("$hash", created.PasswordHash);
        command.Parameters.AddWithValue("$admin", created.IsAdmin ? 1 : 0);
        command.Parameters.AddWithValue("$created", created.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$verified", created.EmailVerified ? 1 : 0);

        // The unique index on email decides concurrent sign-ups; zero rows means the address was taken.
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1 ? created : null;
    }

    public async Task UpdatePasswordHashAsync(string userId, string passwordHash, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE users SET password_hash = $hash WHERE id = $id";
        command.Parameters.AddWithValue("$hash", passwordHash);
        command.Parameters.AddWithValue("$id", userId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<bool> GetEmailVerifiedAsync(IAuthKitUser user, CancellationToken cancellationToken)
        => Task.FromResult(((AppUser)user).EmailVerified);

    public async Task<bool> SetEmailVerifiedAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Only while the address is still the one the link went to.
        command.CommandText = "UPDATE users SET email_verified = 1 WHERE id = $id AND email = $email";
        command.Parameters.AddWithValue("$id", userId);
        command.Parameters.AddWithValue("$email", normalizedEmail);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> ChangeEmailAsync(string userId, string normalizedEmail, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One statement: the unique index refuses an address another user holds (then no row changes).
        command.CommandText = "UPDATE OR IGNORE users SET email = $email, email_verified = 1 WHERE id = $id";
        command.Parameters.AddWithValue("$id", userId);
        command.Parameters.AddWithValue("$email", normalizedEmail);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<TwoFactorState?> GetTwoFactorAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT secret, last_step, recovery_codes, enabled_at, trusted_not_before, version FROM user_two_factor WHERE user_id = $id";
        command.Parameters.AddWithValue("$id", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new TwoFactorState(
            reader.GetString(0),
            reader.GetInt64(1),
            reader.GetString(2).Split('\n', StringSplitOptions.RemoveEmptyEntries),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(3)),
            DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
            reader.GetInt64(5));
    }

    public async Task<bool> TryReplaceTwoFactorAsync(string userId, long expectedVersion, TwoFactorState? next, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // One conditional statement each: the version check is what makes a code work only once under concurrency.
        command.CommandText = (expectedVersion, next) switch
        {
            (_, null) => "DELETE FROM user_two_factor WHERE user_id = $id AND version = $expected",
            (0, _) => """
                INSERT INTO user_two_factor (user_id, secret, last_step, recovery_codes, enabled_at, trusted_not_before, version)
                VALUES ($id, $secret, $step, $codes, $enabled, $trusted, $version)
                ON CONFLICT (user_id) DO NOTHING
                """,
            _ => """
                UPDATE user_two_factor SET secret = $secret, last_step = $step, recovery_codes = $codes, enabled_at = $enabled,
                    trusted_not_before = $trusted, version = $version
                WHERE user_id = $id AND version = $expected
                """,
        };
        command.Parameters.AddWithValue("$id", userId);
        command.Parameters.AddWithValue("$expected", expectedVersion);
        if (next is not null)
        {
            command.Parameters.AddWithValue("$secret", next.SecretCiphertext);
            command.Parameters.AddWithValue("$step", next.LastUsedStep);
            command.Parameters.AddWithValue("$codes", string.Join('\n', next.RecoveryCodeHashes));
            command.Parameters.AddWithValue("$enabled", next.EnabledAt.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$trusted", next.TrustedDevicesNotBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$version", next.Version);
        }

        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<string?> FindUserByLoginAsync(string provider, string subject, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT user_id FROM user_logins WHERE provider = $provider AND subject = $subject";
        command.Parameters.AddWithValue("$provider", provider);
        command.Parameters.AddWithValue("$subject", subject);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<IReadOnlyList<AuthKit.External.ExternalLogin>> GetLoginsAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT provider, subject, created_at FROM user_logins WHERE user_id = $user ORDER BY created_at";
        command.Parameters.AddWithValue("$user", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var logins = new List<AuthKit.External.ExternalLogin>();
        while (await reader.ReadAsync(cancellationToken))
        {
            logins.Add(new AuthKit.External.ExternalLogin(userId, reader.GetString(0), reader.GetString(1), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(2))));
        }

        return logins;
    }

    public async Task<bool> AddLoginAsync(AuthKit.External.ExternalLogin login, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // Both unique keys refuse: a subject linked already (to anyone), or a second login of one provider for one user.
        command.CommandText = "INSERT OR IGNORE INTO user_logins (provider, subject, user_id, created_at) VALUES ($provider, $subject, $user, $created)";
        command.Parameters.AddWithValue("$provider", login.Provider);
        command.Parameters.AddWithValue("$subject", login.Subject);
        command.Parameters.AddWithValue("$user", login.UserId);
        command.Parameters.AddWithValue("$created", login.CreatedAt.ToUnixTimeMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemoveLoginAsync(string userId, string provider, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM user_logins WHERE user_id = $user AND provider = $provider";
        command.Parameters.AddWithValue("$user", userId);
        command.Parameters.AddWithValue("$provider", provider);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private const string PasskeyColumns = "credential_id, user_id, user_handle, public_key, sign_count, transports, name, created_at, last_used_at, backup_eligible, backed_up, aaguid";

    public async Task<IReadOnlyList<UserPasskey>> GetPasskeysAsync(string userId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PasskeyColumns} FROM user_passkeys WHERE user_id = $id ORDER BY created_at";
        command.Parameters.AddWithValue("$id", userId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var passkeys = new List<UserPasskey>();
        while (await reader.ReadAsync(cancellationToken))
        {
            passkeys.Add(ReadPasskey(reader));
        }

        return passkeys;
    }

    public async Task<UserPasskey?> FindPasskeyAsync(byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {PasskeyColumns} FROM user_passkeys WHERE credential_id = $credential";
        command.Parameters.AddWithValue("$credential", credentialId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPasskey(reader) : null;
    }

    public async Task<bool> AddPasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();

        // The primary key refuses a credential id registered already (to this user or another): then no row is added.
        command.CommandText = $"INSERT OR IGNORE INTO user_passkeys ({PasskeyColumns}) VALUES ($credential, $user, $handle, $key, $count, $transports, $name, $created, $used, $eligible, $backedUp, $aaguid)";
        BindPasskey(command, passkey);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> UpdatePasskeyAsync(UserPasskey passkey, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE user_passkeys SET sign_count = $count, name = $name, last_used_at = $used, backed_up = $backedUp
            WHERE credential_id = $credential AND user_id = $user
            """;
        BindPasskey(command, passkey);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<bool> RemovePasskeyAsync(string userId, byte[] credentialId, CancellationToken cancellationToken)
    {
        await using var connection = await _database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM user_passkeys WHERE credential_id = $credential AND user_id = $user";
        command.Parameters.AddWithValue("$credential", credentialId);
        command.Parameters.AddWithValue("$user", userId);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private static void BindPasskey(SqliteCommand command, UserPasskey passkey)
    {
        command.Parameters.AddWithValue("$credential", passkey.CredentialId);
        command.Parameters.AddWithValue("$user", passkey.UserId);
        command.Parameters.AddWithValue("$handle", passkey.UserHandle);
        command.Parameters.AddWithValue("$key", passkey.PublicKey);
        command.Parameters.AddWithValue("$count", (long)passkey.SignCount);
        command.Parameters.AddWithValue("$transports", string.Join(',', passkey.Transports));
        command.Parameters.AddWithValue("$name", passkey.Name);
        command.Parameters.AddWithValue("$created", passkey.CreatedAt.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue("$used", passkey.LastUsedAt is { } used ? used.ToUnixTimeMilliseconds() : DBNull.Value);
        command.Parameters.AddWithValue("$eligible", passkey.IsBackupEligible ? 1 : 0);
        command.Parameters.AddWithValue("$backedUp", passkey.IsBackedUp ? 1 : 0);
        command.Parameters.AddWithValue("$aaguid", passkey.AaGuid.ToString());
    }

    private static UserPasskey ReadPasskey(SqliteDataReader reader) => new()
    {
        CredentialId = (byte[])reader.GetValue(0),
        UserId = reader.GetString(1),
        UserHandle = (byte[])reader.GetValue(2),
        PublicKey = (byte[])reader.GetValue(3),
        SignCount = (uint)reader.GetInt64(4),
        Transports = reader.GetString(5).Split(',', StringSplitOptions.RemoveEmptyEntries),
        Name = reader.GetString(6),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(7)),
        LastUsedAt = reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(8)),
        IsBackupEligible = reader.GetInt64(9) == 1,
        IsBackedUp = reader.GetInt64(10) == 1,
        AaGuid = Guid.Parse(reader.GetString(11)),
    };

    private static async Task<AppUser?> ReadSingleAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? Read(reader) : null;
    }

    private static AppUser Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetString(0),
        Email = reader.GetString(1),
        PasswordHash = reader.GetString(2),
        IsAdmin = reader.GetInt64(3) == 1,
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(4)),
        EmailVerified = reader.GetInt64(5) == 1,
    };
}
