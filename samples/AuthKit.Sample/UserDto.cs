namespace AuthKit.Sample;

/// <summary>What the API shows of a user; never the password hash.</summary>
/// <param name="Id">The user id.</param>
/// <param name="Email">The email, for its owner and admins only.</param>
/// <param name="Role">"admin" or "member".</param>
/// <param name="CreatedAt">When the account was created.</param>
public sealed record UserDto(string Id, string? Email, string Role, DateTimeOffset CreatedAt);
