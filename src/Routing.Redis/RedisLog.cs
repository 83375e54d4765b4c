using Microsoft.Extensions.Logging;

namespace Routing.Redis;

internal static partial class RedisLog
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "No Redis configured: started embedded Garnet on 127.0.0.1:{Port}, data: {DataDirectory}")]
    public static partial void EmbeddedGarnetStarted(ILogger logger, int port, string dataDirectory);
}
