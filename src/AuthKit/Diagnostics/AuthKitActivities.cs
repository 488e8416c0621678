using System.Diagnostics;

namespace AuthKit.Diagnostics;

/// <summary>
/// The <c>AuthKit</c> activity source (<see cref="AuthKitDefaults.MeterName"/>): an activity around each sign-in
/// (credential verification) and each call to the session authority (session store or revocation list). Tags name
/// the operation, the session kind and the outcome only: never a user id, an email address, a token or a cookie.
/// </summary>
internal static class AuthKitActivities
{
    /// <summary>The activity around <c>ICredentialVerifier.VerifyAsync</c>.</summary>
    public const string SignIn = "authkit.sign_in";

    /// <summary>The activity around one call to the session store or the revocation list.</summary>
    public const string SessionStore = "authkit.session_store";

    public static readonly ActivitySource Source = new(
        AuthKitDefaults.MeterName,
        typeof(AuthKitActivities).Assembly.GetName().Version?.ToString());

    public static Activity? StartSessionStore(string operation, Sessions.SessionKind kind)
    {
        var activity = Source.StartActivity(SessionStore, ActivityKind.Internal);
        if (activity is not null)
        {
            activity.SetTag("authkit.session.operation", operation);
            activity.SetTag("authkit.session.kind", kind.ToString());
        }

        return activity;
    }

    /// <summary>Marks a failed call: the exception's type only, since messages may name hosts or connection details.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.SetTag("error.type", exception.GetType().FullName);
        }
    }
}
