namespace Routing.Server.Security;

/// <summary>Development mode was asked to serve beyond loopback; the server does not start.</summary>
public sealed class DevelopmentModeException(string message) : Exception(message);
