using System.Security.Claims;

namespace AuthKit.Sessions;

/// <summary>The claim types AuthKit puts on <c>HttpContext.User</c>.</summary>
public static class AuthKitClaimTypes
{
    /// <summary>The user id (<see cref="ClaimTypes.NameIdentifier"/>); also the identity's name claim.</summary>
    public const string UserId = ClaimTypes.NameIdentifier;

    /// <summary>A role (<see cref="ClaimTypes.Role"/>), so <c>[Authorize(Roles = "admin")]</c> works.</summary>
    public const string Role = ClaimTypes.Role;

    /// <summary>The session's public id.</summary>
    public const string SessionId = "sid";
}
