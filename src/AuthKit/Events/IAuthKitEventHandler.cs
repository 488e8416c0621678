namespace AuthKit.Events;

/// <summary>
/// Receives AuthKit's security events (register any number with <c>AddAuthKit().AddEventHandler&lt;T&gt;()</c>), for
/// audit logs, alerts or notifications. A handler that throws is logged and does not fail the request.
/// </summary>
public interface IAuthKitEventHandler
{
    /// <summary>Handles one event.</summary>
    /// <param name="authEvent">The event.</param>
    /// <param name="cancellationToken">Cancels the handling.</param>
    /// <returns>A task that completes when handled.</returns>
    Task HandleAsync(AuthKitEvent authEvent, CancellationToken cancellationToken);
}
