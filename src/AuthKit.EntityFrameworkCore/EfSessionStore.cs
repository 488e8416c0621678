using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;
using AuthKit.Sessions.Database;
using Microsoft.EntityFrameworkCore;

namespace AuthKit.EntityFrameworkCore;

/// <summary>
/// Database sessions in the app's <see cref="DbContext"/> (a context per call from its factory, no tracking on reads,
/// the look-up on the request path compiled once). Writes that change many rows are single statements
/// (<c>ExecuteUpdate</c>/<c>ExecuteDelete</c>).
/// </summary>
internal sealed class EfSessionStore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IDbContextFactory<TContext> factory) : ISessionStore
    where TContext : DbContext
{
    // Compiled once per store (a singleton), not per type: a compiled query belongs to one model, and one context type
    // may be configured for different providers (the tests run it on SQLite and PostgreSQL in one process).
    private readonly Func<TContext, string, CancellationToken, Task<AuthKitSessionRow?>> _findRow =
        EF.CompileAsyncQuery((TContext db, string hash, CancellationToken _) => db.Set<AuthKitSessionRow>().AsNoTracking().FirstOrDefault(s => s.TokenHash == hash));

    public async Task CreateAsync(SessionRecord session, int maxSessionsPerUser, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSessionsPerUser, 1);
        var row = new AuthKitSessionRow
        {
            TokenHash = session.TokenHash,
            Id = session.Id,
            UserId = session.UserId,
            Roles = JsonSerializer.Serialize(session.Roles, EfJson.Default.IReadOnlyListString),
            CreatedAt = session.CreatedAt.ToUnixTimeMilliseconds(),
            LastSeenAt = session.LastSeenAt.ToUnixTimeMilliseconds(),
            IdleExpiresAt = session.IdleExpiresAt.ToUnixTimeMilliseconds(),
            AbsoluteExpiresAt = session.AbsoluteExpiresAt.ToUnixTimeMilliseconds(),
            UserAgent = session.UserAgent,
            ClientIp = session.ClientIp,
            Values = JsonSerializer.Serialize(session.Values, EfJson.Default.IReadOnlyDictionaryStringString),
        };

        // The insert and the eviction of the user's sessions beyond the limit (newest kept, this one always kept) in one
        // serializable transaction: concurrent sign-ins of one user must not each evict from their own view of the rows.
        // A serialization failure (PostgreSQL 40001, or a deadlock 40P01) is retried.
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
                var sessions = db.Set<AuthKitSessionRow>();
                sessions.Add(row);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                var beyond = sessions.Where(s => s.UserId == session.UserId)
                    .OrderBy(s => s.TokenHash == session.TokenHash ? 0 : 1).ThenByDescending(s => s.CreatedAt).ThenBy(s => s.TokenHash)
                    .Skip(maxSessionsPerUser).Select(s => s.TokenHash);
                await sessions.Where(s => beyond.Contains(s.TokenHash)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception exception) when (attempt < 10 && EfWrites.IsSerializationFailure(exception))
            {
                await Task.Delay(Random.Shared.Next(1, 10 * attempt), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    public async Task<SessionRecord?> FindAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return ToRecord(await _findRow(db, tokenHash, cancellationToken).ConfigureAwait(false));
    }

    public async Task TouchAsync(string tokenHash, DateTimeOffset lastSeenAt, DateTimeOffset idleExpiresAt, CancellationToken cancellationToken)
    {
        var seen = lastSeenAt.ToUnixTimeMilliseconds();
        var idle = idleExpiresAt.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<AuthKitSessionRow>().Where(s => s.TokenHash == tokenHash).ExecuteUpdateAsync(
            u => u.SetProperty(s => s.LastSeenAt, seen).SetProperty(s => s.IdleExpiresAt, s => idle < s.AbsoluteExpiresAt ? idle : s.AbsoluteExpiresAt),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> DeleteAsync(string tokenHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitSessionRow>().Where(s => s.TokenHash == tokenHash).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<bool> DeleteByIdAsync(string userId, string sessionId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitSessionRow>().Where(s => s.UserId == userId && s.Id == sessionId).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false) > 0;
    }

    public async Task<int> DeleteAllAsync(string userId, string? exceptTokenHash, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitSessionRow>().Where(s => s.UserId == userId && (exceptTokenHash == null || s.TokenHash != exceptTokenHash))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionRecord>> ListAsync(string userId, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = await db.Set<AuthKitSessionRow>().AsNoTracking()
            .Where(s => s.UserId == userId && s.IdleExpiresAt > at && s.AbsoluteExpiresAt > at)
            .OrderByDescending(s => s.CreatedAt).Take(limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(r => ToRecord(r)!)];
    }

    public async Task<int> PurgeExpiredAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await db.Set<AuthKitSessionRow>().Where(s => s.IdleExpiresAt <= at || s.AbsoluteExpiresAt <= at).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    private static SessionRecord? ToRecord(AuthKitSessionRow? row) => row is null ? null : new SessionRecord(
        row.TokenHash,
        row.Id,
        row.UserId,
        JsonSerializer.Deserialize(row.Roles, EfJson.Default.IReadOnlyListString) ?? [],
        DateTimeOffset.FromUnixTimeMilliseconds(row.CreatedAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.LastSeenAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.IdleExpiresAt),
        DateTimeOffset.FromUnixTimeMilliseconds(row.AbsoluteExpiresAt),
        row.UserAgent,
        row.ClientIp,
        JsonSerializer.Deserialize(row.Values, EfJson.Default.IReadOnlyDictionaryStringString) ?? new Dictionary<string, string>());
}

[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
internal sealed partial class EfJson : JsonSerializerContext;
