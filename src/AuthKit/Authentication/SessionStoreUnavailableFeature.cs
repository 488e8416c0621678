namespace AuthKit.Authentication;

/// <summary>Marks a request whose secure check could not reach the session authority.</summary>
internal sealed class SessionStoreUnavailableFeature;
