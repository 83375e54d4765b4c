using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Outbound;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>Outbound deliveries for channel gateways: each stream is run by <see cref="GatewayDeliveryStream"/>.</summary>
[BindServiceMethod(typeof(ChannelGatewayService), nameof(BindService))]
public sealed class ChannelGatewayService(GatewayDeliveryStream streams, TenantResolver tenants, IHostApplicationLifetime lifetime) : ChannelGateway.ChannelGatewayBase
{
    /// <summary>Binds the generated service so a malformed request body is INVALID_ARGUMENT (see <see cref="ProtobufGuardBinder"/>).</summary>
    public static void BindService(ServiceBinderBase binder, ChannelGateway.ChannelGatewayBase service) => ChannelGateway.BindService(new ProtobufGuardBinder(binder), service);

    [Authorize(Roles = RoutingRoles.Gateway)]
    public override async Task Deliver(IAsyncStreamReader<DeliverRequest> requestStream, IServerStreamWriter<DeliverResponse> responseStream, ServerCallContext context)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, lifetime.ApplicationStopping);
        await streams.RunAsync(tenants.GetCaller(context), requestStream, responseStream, linked.Token);
    }
}
