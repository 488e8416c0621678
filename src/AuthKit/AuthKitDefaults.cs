namespace AuthKit;

/// <summary>
/// Names and values shared by AuthKit's components.
/// </summary>
public static class AuthKitDefaults
{
    /// <summary>The name of the <c>System.Diagnostics.Metrics</c> meter and the activity source.</summary>
    public const string MeterName = "AuthKit";

    /// <summary>The name of AuthKit's ASP.NET Core authentication scheme.</summary>
    public const string AuthenticationScheme = "AuthKit";

    /// <summary>
    /// The cookie scheme that holds a remote provider's answer between its callback and AuthKit's completion endpoint
    /// (<c>AddExternalLogins()</c> makes it the default sign-in scheme of remote handlers, as Identity's external scheme is).
    /// </summary>
    public const string ExternalScheme = "AuthKit.External";

    /// <summary>The configuration section that <c>AddAuthKit(IConfiguration)</c> is usually given.</summary>
    public const string ConfigurationSection = "AuthKit";
}
