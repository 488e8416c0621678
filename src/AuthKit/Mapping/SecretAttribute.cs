namespace AuthKit.Mapping;

/// <summary>
/// Marks a member that must never leave the server (a password hash, a token). With AuthKit registered, the
/// app's JSON serializer refuses it: serialising it throws in Development (so the leak is found) and omits it
/// elsewhere (so it never reaches a client). On a user class, every member holding the user's password hash is treated
/// as secret without it, whatever its name (the hash is recognised by value, so explicit implementations are covered).
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute;
