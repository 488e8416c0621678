using AuthKit.Credentials;
using AuthKit.Internal;
using AuthKit.Passkeys;
using Fido2NetLib;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>Adds passkeys (WebAuthn, on fido2-net-lib) to AuthKit.</summary>
public static class AuthKitPasskeysBuilderExtensions
{
    /// <summary>
    /// Adds passkeys: passwordless sign-in with a discoverable credential and user verification (the browser's autofill
    /// included), a second factor after the password beside TOTP (with <c>AddTwoFactor()</c>), step-up for sensitive
    /// actions, and the user's list, rename and removal. <c>MapAuthKitEndpoints</c> maps <c>passkeys/…</c>. Needs a user
    /// store that implements <see cref="IUserPasskeyStore"/>, sessions, and the relying party: <c>AuthKit:PublicOrigin</c>
    /// or <see cref="PasskeyOptions.Origins"/> (checked at start-up).
    /// </summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configure">Sets the options (relying party id and origins, challenge lifetime, limit per user).</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder AddPasskeys(this AuthKitBuilder builder, Action<PasskeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        if (configure is not null)
        {
            services.Configure(configure);
        }

        if (services.Any(static d => d.ServiceType == typeof(PasskeyFeature)))
        {
            return builder;
        }

        services.AddSingleton<PasskeyFeature>();
        services.AddOptions<PasskeyOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PasskeyOptions>, PasskeyOptionsValidator>());
        services.TryAddScoped(FromUserStore);
        services.TryAddSingleton<IFido2>(static sp => new Fido2(
            PasskeySettings.Configuration(sp.GetRequiredService<IOptions<PasskeyOptions>>(), sp.GetRequiredService<IOptions<AuthKitOptions>>(), sp.GetService<IHostEnvironment>())));
        services.TryAddSingleton<AuthKit.Tokens.OneTimeTokens>();
        services.TryAddSingleton<AuthKit.Tokens.IOneTimeTokenStore, AuthKit.Tokens.InMemoryOneTimeTokenStore>();
        services.TryAddSingleton<PasskeyChallenges>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthKitEndpointContributor, PasskeyEndpoints>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ISecondFactorMethod, PasskeySecondFactor>());
        services.TryAddEnumerable(ServiceDescriptor.Scoped<ISignInMethodSource, PasskeySignInMethods>());

        // The passkey endpoints' answers, source-generated, for the app's OpenAPI document in a native AOT app.
        services.ConfigureHttpJsonOptions(static o => o.SerializerOptions.TypeInfoResolverChain.Add(PasskeyJsonContext.Default));
        return builder;
    }

    /// <summary>Adds passkeys with options bound from configuration (usually <c>AuthKit:Passkeys</c>).</summary>
    /// <param name="builder">The AuthKit builder.</param>
    /// <param name="configuration">The section holding <see cref="PasskeyOptions"/>.</param>
    /// <returns>The builder.</returns>
    public static AuthKitBuilder AddPasskeys(this AuthKitBuilder builder, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configuration);
        builder.Services.AddOptions<PasskeyOptions>().Bind(configuration);
        return builder.AddPasskeys();
    }

    private static IUserPasskeyStore FromUserStore(IServiceProvider services)
        => services.GetRequiredService<IUserStore>() as IUserPasskeyStore
            ?? throw new InvalidOperationException("AddPasskeys() needs the user store to implement IUserPasskeyStore beside IUserStore.");
}
