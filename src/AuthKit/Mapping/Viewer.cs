namespace AuthKit.Mapping;

/// <summary>
/// Who is looking at data, for DTO mapping: a user id and current roles, or anonymous. Field rules ask it
/// questions (<see cref="IsInRole"/>, <see cref="Owns"/>) and <see cref="Reveal{T}"/> applies the answer.
/// </summary>
public sealed class Viewer
{
    /// <summary>Initialises a signed-in viewer.</summary>
    /// <param name="userId">The user id.</param>
    /// <param name="roles">The user's current roles.</param>
    public Viewer(string userId, IReadOnlyCollection<string> roles)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(roles);
        UserId = userId;
        Roles = roles;
    }

    private Viewer()
    {
        Roles = [];
    }

    /// <summary>Gets the anonymous viewer.</summary>
    public static Viewer Anonymous { get; } = new();

    /// <summary>Gets the user id, or <see langword="null"/> for anonymous.</summary>
    public string? UserId { get; }

    /// <summary>Gets the user's roles (empty for anonymous).</summary>
    public IReadOnlyCollection<string> Roles { get; }

    /// <summary>Gets a value indicating whether the viewer is signed in.</summary>
    public bool IsAuthenticated => UserId is not null;

    /// <summary>Returns whether the viewer has the role.</summary>
    /// <param name="role">The role.</param>
    /// <returns><see langword="true"/> when the viewer has it.</returns>
    public bool IsInRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>Returns whether the viewer is the owner of something owned by <paramref name="ownerId"/>.</summary>
    /// <param name="ownerId">The owner's user id.</param>
    /// <returns><see langword="true"/> when the viewer is that user.</returns>
    public bool Owns(string? ownerId) => UserId is not null && string.Equals(UserId, ownerId, StringComparison.Ordinal);

    /// <summary>Returns whether the viewer owns the item or has one of the roles (the usual field rule).</summary>
    /// <param name="ownerId">The owner's user id.</param>
    /// <param name="roles">Roles that may see it too.</param>
    /// <returns><see langword="true"/> when allowed.</returns>
    public bool OwnsOrIsInRole(string? ownerId, params string[] roles) => Owns(ownerId) || roles.Any(IsInRole);

    /// <summary>Returns <paramref name="value"/> when <paramref name="allowed"/>, otherwise the default (omitted by JSON when null).</summary>
    /// <typeparam name="T">The field type.</typeparam>
    /// <param name="value">The field's value.</param>
    /// <param name="allowed">The rule's answer.</param>
    /// <returns>The value or the default.</returns>
    public static T? Reveal<T>(T value, bool allowed) => allowed ? value : default;
}
