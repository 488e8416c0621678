using AuthKit.Credentials;

namespace AuthKit.Tests.TestSupport;

public sealed class TestUser : IAuthKitUser
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string PasswordHash { get; set; }

    public IReadOnlyCollection<string> Roles { get; set; } = [];
}
