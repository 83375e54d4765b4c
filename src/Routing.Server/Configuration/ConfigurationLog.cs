namespace Routing.Server.Configuration;

internal static partial class ConfigurationLog
{
    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Routing configuration version {Version} ({Hash}) in force on node {Node}")]
    public static partial void Applied(ILogger logger, long version, string hash, string node);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Error, Message = "Configuration change rejected, node {Node} keeps version {Version} ({Hash}): {Errors}")]
    public static partial void Rejected(ILogger logger, string node, long version, string hash, string errors);

    [LoggerMessage(EventId = 9103, Level = LogLevel.Warning, Message = "Queue strategies of tenant {Tenant} not published: Redis holds those of configuration version {Stored}, newer than this node's {Version}")]
    public static partial void StrategiesNewerInRedis(ILogger logger, string tenant, long stored, long version);

    [LoggerMessage(EventId = 9104, Level = LogLevel.Warning, Message = "Publishing the configuration of node {Node} for tenant {Tenant} failed: {Error}")]
    public static partial void PublishFailed(ILogger logger, string node, string tenant, string error);

    [LoggerMessage(EventId = 9105, Level = LogLevel.Information, Message = "Engine settings reloaded on node {Node}: {Settings}")]
    public static partial void EngineSettingsApplied(ILogger logger, string node, string settings);

    [LoggerMessage(EventId = 9106, Level = LogLevel.Error, Message = "Engine settings change rejected, node {Node} keeps {Settings}: {Errors}")]
    public static partial void EngineSettingsRejected(ILogger logger, string node, string settings, string errors);
}
