namespace AuthKit.Events;

/// <summary>A security event. It never carries a password, token, cookie value or hash.</summary>
/// <param name="Type">What happened.</param>
/// <param name="Timestamp">When.</param>
/// <param name="UserId">The user, when known (never the typed email of a failed sign-in).</param>
/// <param name="ClientIp">The client address as ASP.NET saw it.</param>
/// <param name="Path">The request path.</param>
public sealed record AuthKitEvent(AuthKitEventType Type, DateTimeOffset Timestamp, string? UserId, string? ClientIp, string? Path);
