using Grpc.Core;

namespace Routing.Server.Grpc;

internal static partial class GrpcLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "{Method} failed with {Status}")]
    public static partial void CallFailed(ILogger logger, Exception exception, string method, StatusCode status);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "{Method}: the request body is not a valid message ({Reason}); answered INVALID_ARGUMENT")]
    public static partial void MalformedRequest(ILogger logger, string method, string reason);
}
