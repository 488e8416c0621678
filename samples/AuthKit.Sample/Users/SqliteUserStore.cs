using System.Globalization;
using AuthKit.Credentials;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.Users;

/// <summary>
/// The sample's user store: its own <c>users</c> table in SQLite, behind AuthKit's one interface, plus
/// <see cref="IUserEmailStore"/> for address verification and change. This is the part an application writes;
/// everything else comes from AuthKit.
/// </summary>
public sealed class SqliteUserStore : IUserStore, IUserEmailStore
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
