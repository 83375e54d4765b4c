namespace Routing.Server.Supervisor;

internal static partial class SupervisorLog
{
    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Reading the queue board of tenant {Tenant} failed: {Error}")]
    public static partial void BoardReadFailed(ILogger logger, string tenant, string error);
}
