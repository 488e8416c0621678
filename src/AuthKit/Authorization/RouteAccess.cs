namespace AuthKit.Authorization;

/// <summary>What the route-policy middleware requires of a request to a matching route.</summary>
public enum RouteAccess
{
    /// <summary>Anyone may enter; the middleware does nothing.</summary>
    Public = 0,

    /// <summary>Anyone may enter, but a signed-in user is redirected to the landing page (login and sign-up pages).</summary>
    PublicOnly = 1,

    /// <summary>A session is required: pages redirect to the login path, APIs answer 401.</summary>
    Protected = 2,

    /// <summary>The middleware does not look at the request at all (static files, health checks).</summary>
    Ignored = 3,
}
