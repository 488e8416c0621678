using AuthKit.Credentials;
using AuthKit.External;
using AuthKit.TwoFactor;

namespace AuthKit.IntegrationTests.Stores;

/// <summary>
/// What AuthKit relies on from a user store and its optional contracts (verified address, second factor, external
/// logins): unique addresses, the verified flag only for the current address, the second factor replaced under a
/// version check, a subject linked once and one login per provider per user. One subclass per store, run unchanged.
/// </summary>
public abstract class UserStoreConformance
{
    /// <summary>Gets a store that implements every contract (a new, empty one per test).</summary>
    protected abstract IUserStore Store { get; }

    private IUserEmailStore Emails => (IUserEmailStore)Store;

    private IUserTwoFactorStore TwoFactor => (IUserTwoFactorStore)Store;

    private IUserLoginStore Logins => (IUserLoginStore)Store;

    [Fact]
    public async Task Create_ThenFindByEmailAndId_AndASecondAccountForTheAddressIsRefused()
    {
        var created = await Store.CreateAsync(new NewUser("ann@example.com", "hash-1"), default);

        created.Should().NotBeNull();
        (await Store.FindByEmailAsync("ann@example.com", default))!.Id.Should().Be(created!.Id);
        (await Store.FindByIdAsync(created.Id, default))!.Email.Should().Be("ann@example.com");
        (await Store.CreateAsync(new NewUser("ann@example.com", "hash-2"), default)).Should().BeNull("an address belongs to one account");
        (await Store.FindByEmailAsync("nobody@example.com", default)).Should().BeNull();
    }

    [Fact]
    public async Task UpdatePasswordHash_IsWhatTheNextLookUpReturns()
    {
        var user = (await Store.CreateAsync(new NewUser("ann@example.com", "old"), default))!;

        await Store.UpdatePasswordHashAsync(user.Id, "new", default);

        (await Store.FindByIdAsync(user.Id, default))!.PasswordHash.Should().Be("new");
    }

    [Fact]
    public async Task EmailVerified_OnlyForTheCurrentAddress_AndAChangeToATakenAddressIsRefused()
    {
        var ann = (await Store.CreateAsync(new NewUser("ann@example.com", "h"), default))!;
        await Store.CreateAsync(new NewUser("bob@example.com", "h") { EmailVerified = true }, default);
        (await Emails.GetEmailVerifiedAsync(ann, default)).Should().BeFalse();

        (await Emails.SetEmailVerifiedAsync(ann.Id, "old-ann@example.com", default)).Should().BeFalse("the address changed since");
        (await Emails.SetEmailVerifiedAsync(ann.Id, "ann@example.com", default)).Should().BeTrue();
        (await Emails.GetEmailVerifiedAsync((await Store.FindByIdAsync(ann.Id, default))!, default)).Should().BeTrue();

        (await Emails.ChangeEmailAsync(ann.Id, "bob@example.com", default)).Should().BeFalse("Bob has it");
        (await Store.FindByIdAsync(ann.Id, default))!.Email.Should().Be("ann@example.com");
        (await Emails.ChangeEmailAsync(ann.Id, "ann.new@example.com", default)).Should().BeTrue();
        (await Store.FindByEmailAsync("ann.new@example.com", default))!.Id.Should().Be(ann.Id);
    }

    [Fact]
    public async Task TwoFactor_IsReplacedOnlyFromTheVersionTheCallerRead()
    {
        var user = (await Store.CreateAsync(new NewUser("ann@example.com", "h"), default))!;
        var on = new TwoFactorState("sealed", 1, ["a", "b"], DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch, 1);

        (await TwoFactor.GetTwoFactorAsync(user.Id, default)).Should().BeNull();
        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 0, on, default)).Should().BeTrue();
        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 0, on, default)).Should().BeFalse("it exists already");
        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 7, on with { LastUsedStep = 2, Version = 8 }, default)).Should().BeFalse("another version");
        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 1, on with { LastUsedStep = 2, RecoveryCodeHashes = ["b"], Version = 2 }, default)).Should().BeTrue();

        var stored = (await TwoFactor.GetTwoFactorAsync(user.Id, default))!;
        stored.LastUsedStep.Should().Be(2);
        stored.RecoveryCodeHashes.Should().Equal("b");
        stored.Version.Should().Be(2);
        stored.EnabledAt.Should().Be(DateTimeOffset.UnixEpoch.AddDays(1));

        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 1, null, default)).Should().BeFalse();
        (await TwoFactor.TryReplaceTwoFactorAsync(user.Id, 2, null, default)).Should().BeTrue();
        (await TwoFactor.GetTwoFactorAsync(user.Id, default)).Should().BeNull();
    }

    [Fact]
    public async Task Logins_ASubjectIsLinkedOnce_OnePerProviderPerUser()
    {
        var ann = (await Store.CreateAsync(new NewUser("ann@example.com", "h"), default))!;
        var bob = (await Store.CreateAsync(new NewUser("bob@example.com", "h"), default))!;

        (await Logins.AddLoginAsync(new ExternalLogin(ann.Id, "google", "g-1", DateTimeOffset.UnixEpoch.AddDays(1)), default)).Should().BeTrue();
        (await Logins.AddLoginAsync(new ExternalLogin(bob.Id, "google", "g-1", DateTimeOffset.UnixEpoch), default)).Should().BeFalse("linked to Ann");
        (await Logins.AddLoginAsync(new ExternalLogin(ann.Id, "google", "g-2", DateTimeOffset.UnixEpoch), default)).Should().BeFalse("Ann has a Google login");
        (await Logins.AddLoginAsync(new ExternalLogin(ann.Id, "github", "h-1", DateTimeOffset.UnixEpoch), default)).Should().BeTrue();

        (await Logins.FindUserByLoginAsync("google", "g-1", default)).Should().Be(ann.Id);
        (await Logins.FindUserByLoginAsync("google", "g-2", default)).Should().BeNull();
        (await Logins.GetLoginsAsync(ann.Id, default)).Select(l => l.Provider).Should().Equal("github", "google");

        (await Logins.RemoveLoginAsync(bob.Id, "google", default)).Should().BeFalse();
        (await Logins.RemoveLoginAsync(ann.Id, "google", default)).Should().BeTrue();
        (await Logins.FindUserByLoginAsync("google", "g-1", default)).Should().BeNull();
    }
}

public sealed class InMemoryUserStoreConformanceTests : UserStoreConformance
{
    protected override IUserStore Store { get; } = new AuthKit.TestApp.InMemoryUserStore();
}
