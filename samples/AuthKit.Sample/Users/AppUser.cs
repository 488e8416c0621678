using AuthKit.Credentials;

namespace AuthKit.Sample.Users;

/// <summary>The sample's own user class. It implements <see cref="IAuthKitUser"/> so AuthKit can read it.</summary>
public sealed class AppUser : IAuthKitUser
{
    public required string Id { get; init; }

    public required string Email { get; init; }

    public required string PasswordHash { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public bool IsAdmin { get; init; }

    public bool EmailVerified { get; init; }

    IReadOnlyCollection<string> IAuthKitUser.Roles => IsAdmin ? ["admin"] : [];
}
