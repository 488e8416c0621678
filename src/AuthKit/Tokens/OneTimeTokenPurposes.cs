namespace AuthKit.Tokens;

/// <summary>The purposes of AuthKit's one-time tokens. Stores treat a purpose as an opaque string.</summary>
public static class OneTimeTokenPurposes
{
    /// <summary>Verifies an account's address.</summary>
    public const string VerifyEmail = "verify-email";

    /// <summary>Completes a sign-up whose address had to be verified first (the account is created when it is consumed).</summary>
    public const string CompleteSignUp = "complete-signup";

    /// <summary>Resets a forgotten password.</summary>
    public const string ResetPassword = "reset-password";

    /// <summary>Moves an account to a new address.</summary>
    public const string ChangeEmail = "change-email";
}
