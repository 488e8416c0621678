using AuthKit.Internal;

namespace AuthKit.External;

/// <summary>Registered by <c>AddExternalLogins()</c>: external sign-in is on.</summary>
internal sealed class ExternalLoginFeature;

/// <summary>Counts the user's linked logins as ways to sign in (the last way in cannot be removed).</summary>
/// <remarks>The store is resolved when counting, so a missing one is reported by the start-up check, not by the container.</remarks>
internal sealed class ExternalSignInMethods(IServiceProvider services) : ISignInMethodSource
{
    public async ValueTask<int> CountAsync(string userId, CancellationToken cancellationToken)
        => services.GetService(typeof(IUserLoginStore)) is IUserLoginStore logins
            ? (await logins.GetLoginsAsync(userId, cancellationToken).ConfigureAwait(false)).Count
            : 0;
}
