using Microsoft.AspNetCore.Routing;

namespace AuthKit.Internal;

/// <summary>
/// Maps a feature package's endpoints (passkeys, say) into the group <c>MapAuthKitEndpoints</c> builds, after AuthKit's
/// own, so they share its prefix, metadata, no-store answers and body limit. Registered by the package's builder call.
/// </summary>
internal interface IAuthKitEndpointContributor
{
    void Map(RouteGroupBuilder group);
}

/// <summary>
/// A further way to complete the second sign-in step (beside TOTP and recovery codes), offered in the password step's
/// answer when the user has it.
/// </summary>
internal interface ISecondFactorMethod
{
    /// <summary>The name the password step's <c>methods</c> list gives it (e.g. <c>passkey</c>).</summary>
    string Name { get; }

    ValueTask<bool> IsAvailableAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>
/// A way to sign in besides the password (passkeys, external logins): how many the user has. The last way in cannot be
/// removed (<see cref="SignInMethods"/>).
/// </summary>
internal interface ISignInMethodSource
{
    ValueTask<int> CountAsync(string userId, CancellationToken cancellationToken);
}

/// <summary>Counts a user's ways to sign in: the password (when the account has one) and every feature's own.</summary>
internal static class SignInMethods
{
    public static async ValueTask<int> CountAsync(IServiceProvider services, Credentials.IAuthKitUser user, CancellationToken cancellationToken)
    {
        var count = string.IsNullOrEmpty(user.PasswordHash) ? 0 : 1;
        foreach (var source in Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetServices<ISignInMethodSource>(services))
        {
            count += await source.CountAsync(user.Id, cancellationToken).ConfigureAwait(false);
        }

        return count;
    }
}
