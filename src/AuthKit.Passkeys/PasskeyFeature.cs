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
