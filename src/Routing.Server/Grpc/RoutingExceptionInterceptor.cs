using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Routing.Server.Grpc;

/// <summary>
/// Turns every exception a service lets through into the status <see cref="RoutingStatus"/> gives
/// it, and refuses requests whose body was not a valid message (see <see cref="MalformedRequests"/>).
/// </summary>
public sealed class RoutingExceptionInterceptor(ILogger<RoutingExceptionInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            RefuseIfMalformed(request, context);
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(Guard(requestStream, context), context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            RefuseIfMalformed(request, context);
            await continuation(request, responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            await continuation(Guard(requestStream, context), responseStream, context).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            throw Map(ex, context);
        }
    }

    private GuardedRequestStream<TRequest> Guard<TRequest>(IAsyncStreamReader<TRequest> requests, ServerCallContext context)
        where TRequest : class =>
        new(requests, request => RefuseIfMalformed(request, context));

    /// <summary>A client bug, not ours: one warning line, no stack trace, and INVALID_ARGUMENT "malformed_request".</summary>
    private void RefuseIfMalformed(object request, ServerCallContext context)
    {
        if (MalformedRequests.TryGetReason(request, out var reason))
        {
            GrpcLog.MalformedRequest(logger, context.Method, reason);
            throw RoutingStatus.ToRpcException(RoutingStatus.MalformedRequest(request.GetType().Name, reason));
        }
    }

    private RpcException Map(Exception exception, ServerCallContext context)
    {
        // A stream the client reset (ghz and grpcurl do so with reflection) can fail the service's next
        // read with InvalidOperationException ("request is complete") before the reset is seen as an
        // IOException: the client is gone, so it is a cancellation, not a server failure.
        var clientGone = context.CancellationToken.IsCancellationRequested && exception is InvalidOperationException or IOException;
        var mapped = RoutingStatus.Describe(clientGone ? new OperationCanceledException(context.CancellationToken) : exception);
        if (mapped.Status is StatusCode.Internal or StatusCode.Unavailable)
        {
            GrpcLog.CallFailed(logger, exception, context.Method, mapped.Status);
        }

        return RoutingStatus.ToRpcException(mapped);
    }
}
