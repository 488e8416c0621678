namespace Microsoft.AspNetCore.Builder;

/// <summary>Adds AuthKit to the request pipeline.</summary>
public static class AuthKitApplicationBuilderExtensions
{
    /// <summary>
    /// Adds authentication (the secure session check, setting <c>HttpContext.User</c>) and authorization.
    /// Call it after <c>UseRouting()</c> when the app calls that explicitly, and before the endpoints.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static IApplicationBuilder UseAuthKit(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
