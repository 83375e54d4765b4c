namespace Routing.Server.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Gateway key file re-read: {Count} keys")]
    public static partial void KeyFileReloaded(ILogger logger, int count);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Gateway key file not re-read, the keys it had stay in force: {Reason}")]
    public static partial void KeyFileInvalid(ILogger logger, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "{Path}: refused {Status} {Code}")]
    public static partial void Refused(ILogger logger, string path, string status, string code);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Development mode: no Security:ApiKeys, ApiKeyFile, Jwt:SigningKey or Jwt:Authority configured, so generated credentials for tenant '{Tenant}' are in force (loopback only); written to {File}")]
    public static partial void DevelopmentMode(ILogger logger, string tenant, string file);
}
