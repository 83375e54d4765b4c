using Grpc.Core;
using Routing.Protos.V1;

namespace Routing.Server.Grpc;

/// <summary>
/// The load-test yardstick: <c>Echo</c> measures the cost of a gRPC call with a Submit-sized
/// message and does no I/O, so the gap to Submit is what routing costs. Created for every call,
/// so it holds no state.
/// </summary>
public sealed class DiagnosticsService : Diagnostics.DiagnosticsBase
{
    public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) =>
        Task.FromResult(new EchoResponse { Receipt = new ContactReceipt { ContactId = request.Contact?.ExternalId ?? "" } });
}
