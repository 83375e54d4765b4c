using Grpc.Core;
using Routing.Core.Errors;
using StackExchange.Redis;

namespace Routing.Server.Grpc;

/// <summary>
/// The one place domain errors become gRPC statuses. The router's error code travels in the
/// "routing-error" trailer and the offending field, if any, in "routing-field".
/// </summary>
public static class RoutingStatus
{
    public const string ErrorTrailer = "routing-error";
    public const string FieldTrailer = "routing-field";

    /// <summary>What a failure means for the caller: status code, stable error code, field and message.</summary>
    public static (StatusCode Status, string Code, string? Field, string Message) Describe(Exception exception) => exception switch
    {
        RoutingException e => (ToStatusCode(e.Kind), e.Code, e.Field, e.Message),
        RedisConnectionException or RedisTimeoutException =>
            (StatusCode.Unavailable, "queue_store_unavailable", null, "The queue store is unavailable; nothing was written. Retry with the same external_id."),
        // A restarted Redis answers LOADING while it replays its append-only file: down, not broken.
        RedisServerException e when e.Message.StartsWith("LOADING", StringComparison.Ordinal) =>
            (StatusCode.Unavailable, "queue_store_unavailable", null, "The queue store is starting; nothing was written. Retry with the same external_id."),
        OperationCanceledException => (StatusCode.Cancelled, "cancelled", null, "The call was cancelled."),
        _ => (StatusCode.Internal, "internal", null, "Internal error; nothing is lost that was acknowledged. Retry with the same external_id."),
    };

    public static RpcException ToRpcException(Exception exception)
    {
        var (status, code, field, message) = Describe(exception);
        var trailers = new Metadata { { ErrorTrailer, code } };
        if (field is not null)
        {
            trailers.Add(FieldTrailer, field);
        }

        return new RpcException(new Status(status, message), trailers);
    }

    public static StatusCode ToStatusCode(RoutingErrorKind kind) => kind switch
    {
        RoutingErrorKind.InvalidArgument => StatusCode.InvalidArgument,
        RoutingErrorKind.NotFound => StatusCode.NotFound,
        RoutingErrorKind.AlreadyExists => StatusCode.AlreadyExists,
        RoutingErrorKind.FailedPrecondition => StatusCode.FailedPrecondition,
        RoutingErrorKind.ResourceExhausted => StatusCode.ResourceExhausted,
        RoutingErrorKind.Unauthenticated => StatusCode.Unauthenticated,
        RoutingErrorKind.PermissionDenied => StatusCode.PermissionDenied,
        RoutingErrorKind.Unavailable => StatusCode.Unavailable,
        _ => StatusCode.Unknown,
    };
}
