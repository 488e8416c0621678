using System.Security.Cryptography;
using AuthKit.Passkeys;

namespace AuthKit.IntegrationTests.Passkeys;

/// <summary>
/// What AuthKit relies on from an <see cref="IUserPasskeyStore"/>: credential ids unique across users, look-up by id
/// whoever owns it, updates and removal only of the user's own, lists oldest first. Run unchanged by every store.
/// </summary>
public abstract class UserPasskeyStoreConformance
{
    protected abstract IUserPasskeyStore Store { get; }

    [Fact]
    public async Task Add_ThenFind_GivesBackEveryField()
    {
        var passkey = Passkey("u1", DateTimeOffset.UnixEpoch.AddDays(1)) with
        {
            SignCount = 7,
            Transports = ["internal", "hybrid"],
            LastUsedAt = DateTimeOffset.UnixEpoch.AddDays(2),
            IsBackupEligible = true,
            IsBackedUp = true,
            AaGuid = Guid.NewGuid(),
        };

        (await Store.AddPasskeyAsync(passkey, default)).Should().BeTrue();
        var found = await Store.FindPasskeyAsync([.. passkey.CredentialId], default);

        found.Should().BeEquivalentTo(passkey);
    }

    [Fact]
    public async Task ACredentialId_IsRegisteredOnce_EvenForAnotherUser()
    {
        var first = Passkey("u1");
        await Store.AddPasskeyAsync(first, default);

        (await Store.AddPasskeyAsync(Passkey("u2") with { CredentialId = first.CredentialId }, default)).Should().BeFalse();
        (await Store.FindPasskeyAsync(first.CredentialId, default))!.UserId.Should().Be("u1");
    }

    [Fact]
    public async Task List_IsTheUsersOwn_OldestFirst()
    {
        var older = Passkey("u1", DateTimeOffset.UnixEpoch.AddDays(1));
        var newer = Passkey("u1", DateTimeOffset.UnixEpoch.AddDays(2));
        await Store.AddPasskeyAsync(newer, default);
        await Store.AddPasskeyAsync(older, default);
        await Store.AddPasskeyAsync(Passkey("u2"), default);

        var list = await Store.GetPasskeysAsync("u1", default);

        list.Select(p => p.CredentialId).Should().BeEquivalentTo([older.CredentialId, newer.CredentialId], o => o.WithStrictOrdering());
        (await Store.GetPasskeysAsync("nobody", default)).Should().BeEmpty();
    }

    [Fact]
    public async Task Update_ChangesTheUsersOwnOnly()
    {
        var passkey = Passkey("u1");
        await Store.AddPasskeyAsync(passkey, default);

        (await Store.UpdatePasskeyAsync(passkey with { UserId = "u2", Name = "taken over" }, default)).Should().BeFalse();
        (await Store.UpdatePasskeyAsync(passkey with { SignCount = 9, Name = "Laptop", IsBackedUp = true, LastUsedAt = DateTimeOffset.UnixEpoch.AddDays(3) }, default)).Should().BeTrue();
        (await Store.UpdatePasskeyAsync(Passkey("u1"), default)).Should().BeFalse("there is no such passkey");

        var stored = (await Store.FindPasskeyAsync(passkey.CredentialId, default))!;
        stored.UserId.Should().Be("u1");
        stored.Name.Should().Be("Laptop");
        stored.SignCount.Should().Be(9);
        stored.IsBackedUp.Should().BeTrue();
        stored.LastUsedAt.Should().Be(DateTimeOffset.UnixEpoch.AddDays(3));
    }

    [Fact]
    public async Task Remove_TakesTheUsersOwnOnly()
    {
        var passkey = Passkey("u1");
        await Store.AddPasskeyAsync(passkey, default);

        (await Store.RemovePasskeyAsync("u2", passkey.CredentialId, default)).Should().BeFalse();
        (await Store.FindPasskeyAsync(passkey.CredentialId, default)).Should().NotBeNull();
        (await Store.RemovePasskeyAsync("u1", passkey.CredentialId, default)).Should().BeTrue();
        (await Store.FindPasskeyAsync(passkey.CredentialId, default)).Should().BeNull();
        (await Store.RemovePasskeyAsync("u1", passkey.CredentialId, default)).Should().BeFalse();
    }

    private static UserPasskey Passkey(string userId, DateTimeOffset? createdAt = null) => new()
    {
        CredentialId = RandomNumberGenerator.GetBytes(32),
        UserId = userId,
        UserHandle = RandomNumberGenerator.GetBytes(32),
        PublicKey = RandomNumberGenerator.GetBytes(77),
        Name = "Passkey",
        CreatedAt = createdAt ?? DateTimeOffset.UnixEpoch,
    };
}

public sealed class InMemoryUserPasskeyStoreTests : UserPasskeyStoreConformance
{
    protected override IUserPasskeyStore Store { get; } = new AuthKit.TestApp.InMemoryUserStore();
}
