namespace AuthKit.Sessions.Sealing;

internal static class KeyRingMessages
{
    public const string MissingKeys =
        "AuthKit:Keys is empty. Sessions need at least one key outside Development: set AuthKit:Keys:0:Id (for example "
        + "\"2026-11\") and AuthKit:Keys:0:Secret to 32 or more random bytes in Base64 (for example the output of "
        + "`openssl rand -base64 32`), through a secret store or environment variables (AuthKit__Keys__0__Id, "
        + "AuthKit__Keys__0__Secret). Every instance of the app needs the same keys.";
}
