namespace AuthKit.Credentials;

/// <summary>
/// What AuthKit reads from an application's user. The application keeps its own user class and
/// implements this interface on it (explicitly, if its own member names differ).
/// </summary>
public interface IAuthKitUser
{
    /// <summary>Gets the stable, unique identifier of the user. It is placed in sessions, so it must not be secret.</summary>
    string Id { get; }

    /// <summary>Gets the normalised email address (see <see cref="EmailAddress.Normalize(string)"/>).</summary>
    string Email { get; }

    /// <summary>Gets the stored password hash, as produced by the configured <see cref="IPasswordHasher"/>.</summary>
    string PasswordHash { get; }

    /// <summary>Gets the roles of the user (for example <c>admin</c>). Never <see langword="null"/>.</summary>
    IReadOnlyCollection<string> Roles { get; }
}
