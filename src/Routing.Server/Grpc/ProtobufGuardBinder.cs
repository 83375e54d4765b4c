using Google.Protobuf;
using Grpc.Core;

namespace Routing.Server.Grpc;

/// <summary>
/// Binds a generated service with request marshallers that never throw: a body that is not a valid
/// message becomes an empty one marked in <see cref="MalformedRequests"/>, which the interceptor
/// answers INVALID_ARGUMENT "malformed_request" with one warning line. A service opts in with
/// <c>[BindServiceMethod]</c> pointing at a static BindService that wraps the generated one.
/// </summary>
public sealed class ProtobufGuardBinder(ServiceBinderBase inner) : ServiceBinderBase
{
    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guard(method), handler!);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guard(method), handler!);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guard(method), handler!);

    public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
        inner.AddMethod(Guard(method), handler!);

    private static Method<TRequest, TResponse> Guard<TRequest, TResponse>(Method<TRequest, TResponse> method)
        where TRequest : class
        where TResponse : class =>
        new(method.Type, method.ServiceName, method.Name, Guard(method.RequestMarshaller), method.ResponseMarshaller);

    private static Marshaller<T> Guard<T>(Marshaller<T> marshaller)
        where T : class =>
        new(marshaller.ContextualSerializer, context =>
        {
            try
            {
                return marshaller.ContextualDeserializer(context);
            }
            catch (InvalidProtocolBufferException ex)
            {
                return MalformedRequests.Mark(Activator.CreateInstance<T>(), ex.Message);
            }
        });
}
