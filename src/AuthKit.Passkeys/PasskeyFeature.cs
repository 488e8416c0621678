using AuthKit.Internal;

namespace AuthKit.Passkeys;

/// <summary>Registered by <c>AddPasskeys()</c>: passkeys are on.</summary>
internal sealed class PasskeyFeature;

/// <summary>Offers "passkey" in the password step's methods when the pending user has one.</summary>
internal sealed class PasskeySecondFactor(IUserPasskeyStore store) : ISecondFactorMethod
{
    public string Name => "passkey";

    public async ValueTask<bool> IsAvailableAsync(string userId, CancellationToken cancellationToken)
        => (await store.GetPasskeysAsync(userId, cancellationToken).ConfigureAwait(false)).Count > 0;
}

/// <summary>Counts the user's passkeys as ways to sign in (the last way in cannot be removed).</summary>
internal sealed class PasskeySignInMethods(IUserPasskeyStore store) : ISignInMethodSource
{
    public async ValueTask<int> CountAsync(string userId, CancellationToken cancellationToken)
        => (await store.GetPasskeysAsync(userId, cancellationToken).ConfigureAwait(false)).Count;
}
