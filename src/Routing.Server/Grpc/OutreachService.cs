using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Consent;
using Routing.Server.Outbound;
using Routing.Server.Security;

namespace Routing.Server.Grpc;

/// <summary>
/// Outreach for systems: outbound messages and consent management. Created for every call, so it
/// holds no state: each RPC is one line delegating to its lane's class. Sending needs the outreach
/// (or admin) role; the consent RPCs need the admin role.
/// </summary>
[BindServiceMethod(typeof(OutreachService), nameof(BindService))]
public sealed class OutreachService(ConsentRequests consent, OutboundSender sender, TenantResolver tenants) : Outreach.OutreachBase
{
    /// <summary>Binds the generated service so a malformed request body is INVALID_ARGUMENT (see <see cref="ProtobufGuardBinder"/>).</summary>
    public static void BindService(ServiceBinderBase binder, Outreach.OutreachBase service) => Outreach.BindService(new ProtobufGuardBinder(binder), service);

    [Authorize(Roles = RoutingRoles.Admin)]
    public override Task<UpdateConsentResponse> UpdateConsent(UpdateConsentRequest request, ServerCallContext context) =>
        consent.UpdateAsync(tenants.GetCaller(context), request, context.CancellationToken);

    [Authorize(Roles = RoutingRoles.Admin)]
    public override Task<GetConsentResponse> GetConsent(GetConsentRequest request, ServerCallContext context) =>
        consent.GetAsync(tenants.GetCaller(context), request, context.CancellationToken);

    [Authorize(Roles = RoutingRoles.Outreach + "," + RoutingRoles.Admin)]
    public override async Task<OutreachSendResponse> Send(OutreachSendRequest request, ServerCallContext context)
    {
        var order = new OutreachOrder(request.CustomerId, request.Channel, request.Address, request.Text, [.. request.AttachmentRefs], request.Source, request.ExternalId, request.Defer);
        var result = await sender.OutreachAsync(tenants.Resolve(context), order, context.CancellationToken);
        return result.Limited ? throw RoutingStatus.CommunicationLimit(result.NotBefore, result.RetryAfter) : ProtoMapper.ToProto(result);
    }
}
