using Microsoft.Extensions.Logging;

namespace Routing.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "No Redis configured: started embedded Garnet on 127.0.0.1:{Port}, data: {DataDirectory}")]
    public static partial void EmbeddedGarnetStarted(ILogger logger, int port, string dataDirectory);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Redis ready ({Configuration}): ping {PingMs:F1} ms, {ScriptCount} scripts loaded")]
    public static partial void Ready(ILogger logger, string configuration, double pingMs, int scriptCount);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Redis not reachable at start-up ({Configuration}); the server starts and keeps reconnecting. Ingest answers Unavailable until it is back")]
    public static partial void NotReadyAtStart(ILogger logger, string configuration, Exception exception);
}
