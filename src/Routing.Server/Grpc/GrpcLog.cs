using Grpc.Core;

namespace Routing.Server.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "{Method} failed with {Status}")]
    public static partial void CallFailed(ILogger logger, Exception exception, string method, StatusCode status);
}
