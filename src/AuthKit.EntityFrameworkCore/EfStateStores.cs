using System.Diagnostics.CodeAnalysis;
using AuthKit.Credentials.Throttling;
using AuthKit.Sessions.Stateless;
using AuthKit.Tokens;
using Microsoft.EntityFrameworkCore;

namespace AuthKit.EntityFrameworkCore;

/// <summary>
/// The stateless revocation list in the app's context. A revocation only ever moves later (the later expiry, the later
/// not-before win): an update of the existing row, or an insert, retried as an update when another request inserted
/// the same key first. Expired rows are swept every so many writes.
/// </summary>
internal sealed class EfRevocationStore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IDbContextFactory<TContext> factory, TimeProvider time) : ISessionRevocationStore
    where TContext : DbContext
{
    private const int SweepEvery = 1024;
    private int _writes;

    public async ValueTask RevokeSessionAsync(string sessionId, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var expires = expiresAt.ToUnixTimeMilliseconds();
        await EfWrites.UpsertAsync(
            factory,
            db => db.Set<AuthKitRevokedSessionRow>().Where(r => r.SessionId == sessionId)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ExpiresAt, r => r.ExpiresAt > expires ? r.ExpiresAt : expires), cancellationToken),
            db => db.Set<AuthKitRevokedSessionRow>().Add(new AuthKitRevokedSessionRow { SessionId = sessionId, ExpiresAt = expires }),
            cancellationToken).ConfigureAwait(false);
        await SweepAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask RevokeUserAsync(string userId, DateTimeOffset notBefore, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var before = notBefore.ToUnixTimeMilliseconds();
        var expires = expiresAt.ToUnixTimeMilliseconds();
        await EfWrites.UpsertAsync(
            factory,
            db => db.Set<AuthKitRevokedUserRow>().Where(r => r.UserId == userId).ExecuteUpdateAsync(
                u => u.SetProperty(r => r.NotBefore, r => r.NotBefore > before ? r.NotBefore : before)
                    .SetProperty(r => r.ExpiresAt, r => r.ExpiresAt > expires ? r.ExpiresAt : expires),
                cancellationToken),
            db => db.Set<AuthKitRevokedUserRow>().Add(new AuthKitRevokedUserRow { UserId = userId, NotBefore = before, ExpiresAt = expires }),
            cancellationToken).ConfigureAwait(false);
        await SweepAsync(cancellationToken).ConfigureAwait(false);
    }

    // The stateless secure check asks this on every request: both look-ups compiled once per store (a singleton).
    private readonly Func<TContext, string, long, CancellationToken, Task<bool>> _sessionRevoked =
        EF.CompileAsyncQuery((TContext db, string id, long now, CancellationToken _) => db.Set<AuthKitRevokedSessionRow>().Any(r => r.SessionId == id && r.ExpiresAt > now));

    private readonly Func<TContext, string, long, long, CancellationToken, Task<bool>> _userRevoked =
        EF.CompileAsyncQuery((TContext db, string user, long now, long issued, CancellationToken _) => db.Set<AuthKitRevokedUserRow>().Any(r => r.UserId == user && r.ExpiresAt > now && issued <= r.NotBefore));

    public async ValueTask<bool> IsRevokedAsync(string sessionId, string userId, DateTimeOffset issuedAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        return await _sessionRevoked(db, sessionId, now, cancellationToken).ConfigureAwait(false)
            || await _userRevoked(db, userId, now, issuedAt.ToUnixTimeMilliseconds(), cancellationToken).ConfigureAwait(false);
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _writes) % SweepEvery != 0)
        {
            return;
        }

        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<AuthKitRevokedSessionRow>().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<AuthKitRevokedUserRow>().Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// Throttle counters in the app's context, compare-and-swap in one statement each: an update only while the stored
/// counter is still what the caller read, an insert for a missing one (a concurrent insert makes it fail: the caller
/// reads again), or an update of an expired row.
/// </summary>
internal sealed class EfThrottleStore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IDbContextFactory<TContext> factory, TimeProvider time) : IThrottleStore
    where TContext : DbContext
{
    private const int SweepEvery = 1024;
    private int _writes;

    public async ValueTask<ThrottleCounter> GetAsync(string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var row = await db.Set<AuthKitThrottleRow>().AsNoTracking().FirstOrDefaultAsync(t => t.Key == key && t.ExpiresAt > now, cancellationToken).ConfigureAwait(false);
        return row is null ? ThrottleCounter.None : new ThrottleCounter(row.Count, row.LastAt is { } last ? DateTimeOffset.FromUnixTimeMilliseconds(last) : null);
    }

    public async ValueTask<bool> TryReplaceAsync(string key, ThrottleCounter expected, ThrottleCounter next, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var count = next.Count;
        var last = next.LastAt?.ToUnixTimeMilliseconds();
        var expires = expiresAt.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var rows = db.Set<AuthKitThrottleRow>();
        bool replaced;
        if (expected == ThrottleCounter.None)
        {
            // Missing: insert. Present but expired: take it over. Present and live: someone else counted first.
            replaced = await rows.Where(t => t.Key == key && t.ExpiresAt <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, count).SetProperty(t => t.LastAt, last).SetProperty(t => t.ExpiresAt, expires), cancellationToken)
                .ConfigureAwait(false) == 1;
            if (!replaced)
            {
                rows.Add(new AuthKitThrottleRow { Key = key, Count = count, LastAt = last, ExpiresAt = expires });
                replaced = await EfWrites.TryInsertAsync(db, cancellationToken).ConfigureAwait(false);
            }
        }
        else
        {
            var expectedCount = expected.Count;
            var expectedLast = expected.LastAt?.ToUnixTimeMilliseconds();
            replaced = await rows.Where(t => t.Key == key && t.ExpiresAt > now && t.Count == expectedCount && t.LastAt == expectedLast)
                .ExecuteUpdateAsync(u => u.SetProperty(t => t.Count, count).SetProperty(t => t.LastAt, last).SetProperty(t => t.ExpiresAt, expires), cancellationToken)
                .ConfigureAwait(false) == 1;
        }

        if (replaced && Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            await rows.Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }

        return replaced;
    }

    public async ValueTask ResetAsync(string key, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<AuthKitThrottleRow>().Where(t => t.Key == key).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>
/// One-time tokens in the app's context. Consuming reads the row, then deletes it with every condition in the statement:
/// of concurrent consumers exactly one deletes it, and only that one gets the token.
/// </summary>
internal sealed class EfOneTimeTokenStore<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IDbContextFactory<TContext> factory, TimeProvider time) : IOneTimeTokenStore
    where TContext : DbContext
{
    private const int SweepEvery = 256;
    private int _writes;

    public async Task StoreAsync(OneTimeToken token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(token);
        var hash = Convert.ToHexString(token.Hash);
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        db.Set<AuthKitTokenRow>().Add(new AuthKitTokenRow
        {
            TokenHash = hash,
            Purpose = token.Purpose,
            UserId = token.UserId,
            Email = token.Email,
            Data = token.Data,
            ExpiresAt = token.ExpiresAt.ToUnixTimeMilliseconds(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (Interlocked.Increment(ref _writes) % SweepEvery == 0)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds();
            await db.Set<AuthKitTokenRow>().Where(t => t.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task<OneTimeToken?> ConsumeAsync(byte[] hash, string purpose, string? userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hash);
        var key = Convert.ToHexString(hash);
        var at = now.ToUnixTimeMilliseconds();
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        var tokens = db.Set<AuthKitTokenRow>();
        var row = await tokens.AsNoTracking()
            .FirstOrDefaultAsync(t => t.TokenHash == key && t.Purpose == purpose && t.ExpiresAt > at && (userId == null || t.UserId == userId), cancellationToken)
            .ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var deleted = await tokens.Where(t => t.TokenHash == key && t.Purpose == purpose && t.ExpiresAt > at && (userId == null || t.UserId == userId))
            .ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        return deleted == 1
            ? new OneTimeToken(hash, row.Purpose, row.UserId, row.Email, DateTimeOffset.FromUnixTimeMilliseconds(row.ExpiresAt), row.Data)
            : null;
    }

    public async Task RevokeAsync(string userId, string purpose, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
        await db.Set<AuthKitTokenRow>().Where(t => t.UserId == userId && t.Purpose == purpose).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}

/// <summary>Writes that more than one request may race on.</summary>
internal static class EfWrites
{
    /// <summary>Update the row; when there is none, insert it; when an insert lost to another, update again.</summary>
    public static async Task UpsertAsync<[DynamicallyAccessedMembers(EntityMembers.Context)] TContext>(IDbContextFactory<TContext> factory, Func<TContext, Task<int>> update, Action<TContext> insert, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken).ConfigureAwait(false);
            if (await update(db).ConfigureAwait(false) > 0)
            {
                return;
            }

            insert(db);
            if (await TryInsertAsync(db, cancellationToken).ConfigureAwait(false))
            {
                return;
            }
        }

        throw new InvalidOperationException("A revocation could neither be inserted nor updated after three attempts.");
    }

    /// <summary>Saves the added row; <see langword="false"/> when its key exists already (another request inserted it).</summary>
    public static async Task<bool> TryInsertAsync(DbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (DbUpdateException exception) when (exception.InnerException is System.Data.Common.DbException inner && IsUniqueViolation(inner))
        {
            // Only a key that exists already: a lost connection or any other failure goes to the caller as it is.
            db.ChangeTracker.Clear();
            return false;
        }
    }

    /// <summary>A serializable transaction lost to a concurrent one (PostgreSQL 40001, a deadlock 40P01; SQLite busy).</summary>
    public static bool IsSerializationFailure(Exception exception)
        => (exception as System.Data.Common.DbException ?? exception.InnerException as System.Data.Common.DbException) is { } db
            && (db.SqlState is "40001" or "40P01" || (db.GetType().Name == "SqliteException" && db.ErrorCode is 5 or 6));

    /// <summary>A unique or primary key refused the write (PostgreSQL 23505, SQLite's UNIQUE/PRIMARY KEY constraint).</summary>
    public static bool IsUniqueViolation(System.Data.Common.DbException exception)
        => exception.SqlState == "23505"
            || (exception.GetType().Name == "SqliteException" && exception.ErrorCode is 19 or 1555 or 2067)
            || exception.Message.Contains("UNIQUE constraint failed", StringComparison.Ordinal);
}
