using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Outbound;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>Outbound messages started by systems. Each RPC delegates in one line to its lane's class.</summary>
[BindServiceMethod(typeof(OutreachService), nameof(BindService))]
public sealed class OutreachService(OutboundSender sender, TenantResolver tenants) : Outreach.OutreachBase
{
    public static void BindService(ServiceBinderBase binder, Outreach.OutreachBase service) => Outreach.BindService(new ProtobufGuardBinder(binder), service);

    [Authorize(Roles = RoutingRoles.Outreach + "," + RoutingRoles.Admin)]
    public override async Task<OutreachSendResponse> Send(OutreachSendRequest request, ServerCallContext context)
    {
        var (id, channel, reason, existing) = await sender.OutreachAsync(tenants.Resolve(context), request.CustomerId, request.Text, [.. request.AttachmentRefs], request.Source, request.ExternalId, context.CancellationToken);
        return new OutreachSendResponse { DeliveryId = id, Channel = channel, Reason = reason, Existing = existing };
    }
}
