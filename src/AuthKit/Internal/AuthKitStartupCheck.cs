using AuthKit.Sessions.Sealing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AuthKit.Internal;

/// <summary>
/// Builds the key ring when the host starts, so a missing-key warning (Development) appears at start-up
/// and not on the first request.
/// </summary>
internal sealed class AuthKitStartupCheck : IHostedService
{
    private readonly IServiceProvider _services;

    public AuthKitStartupCheck(IServiceProvider services)
    {
        _services = services;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (KeyRing.IsNeeded(_services.GetRequiredService<IOptions<AuthKitOptions>>().Value.Sessions.Kind, _services.GetRequiredService<IServiceProviderIsService>()))
        {
            _services.GetRequiredService<KeyRing>();
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
