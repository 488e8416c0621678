namespace AuthKit.Credentials;

/// <summary>A refusal with a machine-readable code (see <see cref="AuthKitErrorCodes"/>) and a reason for people.</summary>
/// <param name="Code">The stable, machine-readable code, for example <c>password_too_short</c>.</param>
/// <param name="Description">A sentence that tells the user why, suitable for display.</param>
public sealed record AuthKitError(string Code, string Description);
