namespace AuthKit.Mapping;

/// <summary>
/// Marks a member that must never leave the server (a password hash, a token). With AuthKit registered, the
/// app's JSON serializer refuses it: serialising it throws in Development (so the leak is found) and omits it
/// elsewhere (so it never reaches a client). <c>IAuthKitUser.PasswordHash</c> is treated as secret without it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field, AllowMultiple = false, Inherited = true)]
public sealed class SecretAttribute : Attribute;
