using System.Buffers.Text;
using System.Text;
using AuthKit.Sessions;
using AuthKit.Sessions.Cookies;
using AuthKit.Sessions.Database;
using Microsoft.Extensions.Options;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>
/// The contract every <see cref="ISessionStore"/> must meet. One subclass per provider (in-memory, SQLite, Redis)
/// runs it unchanged. Times are explicit, so no test depends on the machine's clock.
/// </summary>
public abstract class SessionStoreConformanceTests : IAsyncLifetime
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A per-user limit no test reaches, for tests about something else.</summary>
    protected const int Unlimited = 1000;

    private ISessionStore? _store;

    protected ISessionStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Creates an empty store.</summary>
    protected abstract Task<ISessionStore> CreateStoreAsync();

    /// <summary>Every byte the store has persisted (files, keys and values), to prove what is not stored.</summary>
    protected abstract Task<byte[]> ReadEverythingStoredAsync();

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static SessionRecord Record(string user = "u1", DateTimeOffset? created = null, TimeSpan? idle = null, TimeSpan? absolute = null, string? suffix = null)
    {
        var at = created ?? Now;
        var token = Guid.NewGuid().ToString("n") + suffix;
        return new SessionRecord(
            "hash-" + token,
            "id-" + token[..12],
            user,
            ["admin", "editör"],
            at,
            at,
            at + (idle ?? TimeSpan.FromDays(7)),
            at + (absolute ?? TimeSpan.FromDays(30)),
            "Mozilla/5.0 (X11; Linux) Test/1.0",
            "203.0.113.9",
            new Dictionary<string, string> { ["theme"] = "dark", ["ünï"] = "cödé" });
    }

    [Fact]
    public async Task Create_ThenFind_ReturnsEveryField()
    {
        var record = Record();

        await Store.CreateAsync(record, Unlimited, default);
        var found = await Store.FindAsync(record.TokenHash, default);

        found.Should().NotBeNull();
        found!.Should().BeEquivalentTo(record, o => o.ComparingByMembers<SessionRecord>());
    }

    [Fact]
    public async Task Create_WithoutOptionalFields_RoundTrips()
    {
        var record = Record() with { UserAgent = null, ClientIp = null, Roles = [], Values = new Dictionary<string, string>() };

        await Store.CreateAsync(record, Unlimited, default);

        (await Store.FindAsync(record.TokenHash, default)).Should().BeEquivalentTo(record, o => o.ComparingByMembers<SessionRecord>());
    }

    [Fact]
    public async Task Find_UnknownHash_ReturnsNull()
    {
        await Store.CreateAsync(Record(), Unlimited, default);

        (await Store.FindAsync("hash-unknown", default)).Should().BeNull();
    }

    [Fact]
    public async Task Delete_RemovesThatSessionOnly()
    {
        var one = Record();
        var two = Record();
        await Store.CreateAsync(one, Unlimited, default);
        await Store.CreateAsync(two, Unlimited, default);

        (await Store.DeleteAsync(one.TokenHash, default)).Should().BeTrue();
        (await Store.DeleteAsync(one.TokenHash, default)).Should().BeFalse("it is gone already");

        (await Store.FindAsync(one.TokenHash, default)).Should().BeNull();
        (await Store.FindAsync(two.TokenHash, default)).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteById_OnlyDeletesTheOwnersSession()
    {
        var anns = Record("ann");
        await Store.CreateAsync(anns, Unlimited, default);

        (await Store.DeleteByIdAsync("bob", anns.Id, default)).Should().BeFalse("bob does not own it");
        (await Store.FindAsync(anns.TokenHash, default)).Should().NotBeNull();
        (await Store.DeleteByIdAsync("ann", anns.Id, default)).Should().BeTrue();
        (await Store.FindAsync(anns.TokenHash, default)).Should().BeNull();
    }

    [Fact]
    public async Task DeleteAll_RemovesEverySessionOfTheUser_AndNoOtherUsers()
    {
        var sessions = new[] { Record("ann"), Record("ann"), Record("ann") };
        var bobs = Record("bob");
        foreach (var session in sessions.Append(bobs))
        {
            await Store.CreateAsync(session, Unlimited, default);
        }

        (await Store.DeleteAllAsync("ann", null, default)).Should().Be(3);

        foreach (var session in sessions)
        {
            (await Store.FindAsync(session.TokenHash, default)).Should().BeNull();
        }

        (await Store.FindAsync(bobs.TokenHash, default)).Should().NotBeNull();
    }

    [Fact]
    public async Task DeleteAll_ExceptOne_KeepsThatOne()
    {
        var keep = Record("ann");
        var other = Record("ann");
        await Store.CreateAsync(keep, Unlimited, default);
        await Store.CreateAsync(other, Unlimited, default);

        (await Store.DeleteAllAsync("ann", keep.TokenHash, default)).Should().Be(1);

        (await Store.FindAsync(keep.TokenHash, default)).Should().NotBeNull();
        (await Store.FindAsync(other.TokenHash, default)).Should().BeNull();
    }

    [Fact]
    public async Task List_ReturnsTheUsersUnexpiredSessions_NewestFirst()
    {
        var oldest = Record("ann", Now.AddHours(-3));
        var newest = Record("ann", Now.AddHours(-1));
        var middle = Record("ann", Now.AddHours(-2));
        var idleExpired = Record("ann", Now.AddDays(-8));
        var absoluteExpired = Record("ann", Now.AddDays(-31), idle: TimeSpan.FromDays(40), absolute: TimeSpan.FromDays(31));
        var bobs = Record("bob");
        foreach (var session in new[] { oldest, newest, middle, idleExpired, absoluteExpired, bobs })
        {
            await Store.CreateAsync(session, Unlimited, default);
        }

        var list = await Store.ListAsync("ann", Now, Unlimited, default);

        list.Select(s => s.TokenHash).Should().Equal(newest.TokenHash, middle.TokenHash, oldest.TokenHash);
    }

    [Fact]
    public async Task List_AtTheExactExpiryInstant_LeavesTheSessionOut()
    {
        var session = Record("ann", Now.AddDays(-7));
        await Store.CreateAsync(session, Unlimited, default);

        (await Store.ListAsync("ann", Now, Unlimited, default)).Should().BeEmpty();
        (await Store.ListAsync("ann", Now.AddMilliseconds(-1), Unlimited, default)).Should().ContainSingle();
    }

    [Fact]
    public async Task List_ReturnsAtMostTheLimit_TheNewest()
    {
        var sessions = Enumerable.Range(0, 5).Select(i => Record("ann", Now.AddMinutes(-i))).ToList();
        foreach (var session in sessions)
        {
            await Store.CreateAsync(session, Unlimited, default);
        }

        var list = await Store.ListAsync("ann", Now, 3, default);

        list.Select(s => s.TokenHash).Should().Equal(sessions[0].TokenHash, sessions[1].TokenHash, sessions[2].TokenHash);
    }

    [Fact]
    public async Task Create_OverTheUsersLimit_EvictsTheOldest_AndNoOtherUsers()
    {
        var sessions = Enumerable.Range(0, 4).Select(i => Record("ann", Now.AddMinutes(i))).ToList();
        var bobs = Record("bob", Now.AddMinutes(-10));
        await Store.CreateAsync(bobs, 2, default);
        foreach (var session in sessions)
        {
            await Store.CreateAsync(session, 2, default);
        }

        (await Store.ListAsync("ann", Now, Unlimited, default)).Select(s => s.TokenHash).Should().Equal(sessions[3].TokenHash, sessions[2].TokenHash);
        (await Store.FindAsync(sessions[0].TokenHash, default)).Should().BeNull("the oldest is gone, not just hidden");
        (await Store.FindAsync(sessions[1].TokenHash, default)).Should().BeNull();
        (await Store.FindAsync(bobs.TokenHash, default)).Should().NotBeNull();
        (await Store.DeleteAllAsync("ann", null, default)).Should().Be(2, "evicted sessions leave nothing behind in the user's index");
    }

    [Fact]
    public async Task Create_TheNewSessionIsKept_EvenWhenItsClockIsBehindTheOthers()
    {
        var newer = Record("ann", Now.AddMinutes(5));
        var behind = Record("ann", Now);
        await Store.CreateAsync(newer, 1, default);

        await Store.CreateAsync(behind, 1, default);

        (await Store.FindAsync(behind.TokenHash, default)).Should().NotBeNull("the session just signed in is never the one evicted");
        (await Store.FindAsync(newer.TokenHash, default)).Should().BeNull();
    }

    [Fact]
    public async Task Create_ConcurrentlyOverTheLimit_LeavesExactlyTheLimit()
    {
        var sessions = Enumerable.Range(0, 40).Select(i => Record("ann", Now.AddMilliseconds(i))).ToList();

        await Parallel.ForEachAsync(sessions, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) => await Store.CreateAsync(r, 5, ct));

        (await Store.ListAsync("ann", Now, Unlimited, default)).Should().HaveCount(5);
        var found = 0;
        foreach (var session in sessions)
        {
            found += await Store.FindAsync(session.TokenHash, default) is null ? 0 : 1;
        }

        found.Should().Be(5);
    }

    [Fact]
    public async Task Touch_ExtendsTheIdleExpiryAndRecordsLastSeen()
    {
        var session = Record();
        await Store.CreateAsync(session, Unlimited, default);

        await Store.TouchAsync(session.TokenHash, Now.AddDays(4), Now.AddDays(11), default);

        var touched = (await Store.FindAsync(session.TokenHash, default))!;
        touched.LastSeenAt.Should().Be(Now.AddDays(4));
        touched.IdleExpiresAt.Should().Be(Now.AddDays(11));
        touched.AbsoluteExpiresAt.Should().Be(session.AbsoluteExpiresAt);
        touched.CreatedAt.Should().Be(session.CreatedAt);
    }

    [Fact]
    public async Task Touch_NeverExtendsPastTheAbsoluteExpiry()
    {
        var session = Record();
        await Store.CreateAsync(session, Unlimited, default);

        await Store.TouchAsync(session.TokenHash, Now.AddDays(27), Now.AddDays(34), default);

        (await Store.FindAsync(session.TokenHash, default))!.IdleExpiresAt.Should().Be(session.AbsoluteExpiresAt);
    }

    [Fact]
    public async Task Touch_UnknownSession_DoesNotCreateOne()
    {
        await Store.TouchAsync("hash-unknown", Now, Now.AddDays(7), default);

        (await Store.FindAsync("hash-unknown", default)).Should().BeNull();
    }

    [Fact]
    public async Task PurgeExpired_RemovesIdleAndAbsoluteExpired_KeepsLiveSessions()
    {
        var live = Record("ann");
        var idleExpired = Record("ann", Now.AddDays(-8));
        var absoluteExpired = Record("bob", Now.AddDays(-31), idle: TimeSpan.FromDays(40), absolute: TimeSpan.FromDays(31));
        foreach (var session in new[] { live, idleExpired, absoluteExpired })
        {
            await Store.CreateAsync(session, Unlimited, default);
        }

        (await Store.PurgeExpiredAsync(Now, default)).Should().Be(2);

        (await Store.FindAsync(live.TokenHash, default)).Should().NotBeNull();
        (await Store.FindAsync(idleExpired.TokenHash, default)).Should().BeNull();
        (await Store.FindAsync(absoluteExpired.TokenHash, default)).Should().BeNull();
    }

    [Fact]
    public async Task CreatedThroughAuthKit_OnlyTheTokenHashIsStored()
    {
        var backend = new DatabaseSessionBackend(Store, Options.Create(new AuthKitOptions()));
        var tokens = new List<byte[]>();
        for (var i = 0; i < 5; i++)
        {
            var token = backend.NewReference();
            tokens.Add(token);
            var ticket = new SessionCookiePayload(token, "ann", ["admin"], Now, Now.AddDays(7), Now.AddDays(30), SessionCookiePayload.NoValues);
            await backend.StoreAsync(ticket, new SessionClientInfo("agent", "203.0.113.1"), default);
        }

        var stored = await ReadEverythingStoredAsync();

        stored.Length.Should().BeGreaterThan(0);
        foreach (var token in tokens)
        {
            Contains(stored, token).Should().BeFalse("the raw token bytes must not be stored");
            Contains(stored, Encoding.UTF8.GetBytes(Base64Url.EncodeToString(token))).Should().BeFalse("nor its Base64url text");
            Contains(stored, Encoding.UTF8.GetBytes(Convert.ToBase64String(token))).Should().BeFalse("nor its Base64 text");
            Contains(stored, Encoding.UTF8.GetBytes(Convert.ToHexString(token))).Should().BeFalse("nor its hex text");
            Contains(stored, Encoding.UTF8.GetBytes(Convert.ToHexStringLower(token))).Should().BeFalse("nor its lower-case hex text");
            Contains(stored, Encoding.UTF8.GetBytes(Base64Url.EncodeToString(System.Security.Cryptography.SHA256.HashData(token)))).Should().BeTrue("the control: its hash is there");
        }
    }

    [Fact]
    public async Task MaxSessionsPerUser_EvictsTheOldest()
    {
        var options = new AuthKitOptions();
        options.Sessions.MaxSessionsPerUser = 2;
        var backend = new DatabaseSessionBackend(Store, Options.Create(options));
        var created = new List<SessionCookiePayload>();
        for (var i = 0; i < 3; i++)
        {
            var at = Now.AddMinutes(i);
            var ticket = new SessionCookiePayload(backend.NewReference(), "ann", [], at, at.AddDays(7), at.AddDays(30), SessionCookiePayload.NoValues);
            created.Add(ticket);
            await backend.StoreAsync(ticket, default, default);
        }

        var list = await Store.ListAsync("ann", Now.AddMinutes(3), Unlimited, default);

        list.Select(s => s.Id).Should().Equal(backend.PublicId(created[2]), backend.PublicId(created[1]));
        (await backend.ValidateAsync(created[0], Now.AddMinutes(3), default)).Should().BeNull("the oldest was evicted");
    }

    [Fact]
    public async Task Validate_EnforcesIdleAndAbsoluteExpiry_FromTheStore()
    {
        var backend = new DatabaseSessionBackend(Store, Options.Create(new AuthKitOptions()));
        var ticket = new SessionCookiePayload(backend.NewReference(), "ann", [], Now, Now.AddDays(7), Now.AddDays(30), SessionCookiePayload.NoValues);
        await backend.StoreAsync(ticket, default, default);

        (await backend.ValidateAsync(ticket, Now.AddDays(7).AddMilliseconds(-1), default)).Should().NotBeNull();
        (await backend.ValidateAsync(ticket, Now.AddDays(7), default)).Should().BeNull("idle expiry");

        await backend.TouchAsync(ticket.With(idleExpiresAt: Now.AddDays(30)), Now.AddDays(25), default);
        (await backend.ValidateAsync(ticket, Now.AddDays(29), default)).Should().NotBeNull("renewed within the absolute limit");
        (await backend.ValidateAsync(ticket, Now.AddDays(30), default)).Should().BeNull("absolute expiry");
    }

    [Fact]
    public async Task Validate_TicketOfAnotherUser_IsRefused()
    {
        var backend = new DatabaseSessionBackend(Store, Options.Create(new AuthKitOptions()));
        var ticket = new SessionCookiePayload(backend.NewReference(), "ann", [], Now, Now.AddDays(7), Now.AddDays(30), SessionCookiePayload.NoValues);
        await backend.StoreAsync(ticket, default, default);

        (await backend.ValidateAsync(new SessionCookiePayload(ticket.Reference, "mallory", ticket.Roles, ticket.IssuedAt, ticket.IdleExpiresAt, ticket.AbsoluteExpiresAt, ticket.Values), Now, default)).Should().BeNull();
    }

    [Fact]
    public async Task ParallelCreatesAndDeletes_LoseNothing()
    {
        var records = Enumerable.Range(0, 200).Select(i => Record($"user{i % 10}")).ToList();

        await Parallel.ForEachAsync(records, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) => await Store.CreateAsync(r, Unlimited, ct));
        await Parallel.ForEachAsync(records.Where((_, i) => i % 2 == 0), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (r, ct) => await Store.DeleteAsync(r.TokenHash, ct));

        var remaining = 0;
        for (var user = 0; user < 10; user++)
        {
            remaining += (await Store.ListAsync($"user{user}", Now, Unlimited, default)).Count;
        }

        remaining.Should().Be(100);
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
