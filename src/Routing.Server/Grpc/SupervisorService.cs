using Grpc.Core;
using Microsoft.AspNetCore.Authorization;
using Routing.Protos.V1;
using Routing.Server.Security;
using Routing.Server.Supervisor;

namespace Routing.Server.Grpc;

/// <summary>
/// Supervisors' view of the tenant of their credential: live queues and agents, a contact's
/// timeline, a customer's journey. Created for every call, so it holds no state: each RPC hands the
/// caller's tenant to the class that answers it (<see cref="QueueWatch"/>, <see cref="ContactHistory"/>).
/// </summary>
[Authorize(Roles = RoutingRoles.Supervisor)]
[BindServiceMethod(typeof(SupervisorService), nameof(BindService))]
public sealed class SupervisorService(QueueWatch watch, ContactHistory history, NodeList nodes, Hours.DeadLetterList deadLetters, TenantResolver tenants, AgentStates.SupervisorActions actions) : Protos.V1.Supervisor.SupervisorBase
{
    /// <summary>Binds the generated service so a malformed request body is INVALID_ARGUMENT (see <see cref="ProtobufGuardBinder"/>).</summary>
    public static void BindService(ServiceBinderBase binder, Protos.V1.Supervisor.SupervisorBase service) => Protos.V1.Supervisor.BindService(new ProtobufGuardBinder(binder), service);

    public override Task WatchQueues(WatchQueuesRequest request, IServerStreamWriter<WatchQueuesResponse> responseStream, ServerCallContext context) =>
        watch.RunAsync(tenants.GetCaller(context).Tenant, request, responseStream, context.CancellationToken);

    public override Task<GetContactTimelineResponse> GetContactTimeline(GetContactTimelineRequest request, ServerCallContext context) =>
        history.GetContactTimelineAsync(tenants.GetCaller(context).Tenant, request, context.CancellationToken);

    public override Task<GetCustomerJourneyResponse> GetCustomerJourney(GetCustomerJourneyRequest request, ServerCallContext context) =>
        history.GetCustomerJourneyAsync(tenants.GetCaller(context).Tenant, request, context.CancellationToken);

    public override Task<ListNodesResponse> ListNodes(ListNodesRequest request, ServerCallContext context) =>
        nodes.ListAsync(tenants.GetCaller(context).Tenant, context.CancellationToken);
    public override Task<ListDeadLettersResponse> ListDeadLetters(ListDeadLettersRequest request, ServerCallContext context) =>
        deadLetters.ListAsync(tenants.GetCaller(context).Tenant, request, context.CancellationToken);

    public override Task<MoveContactResponse> MoveContact(MoveContactRequest request, ServerCallContext context) =>
        actions.MoveContactAsync(tenants.GetCaller(context), request, context.CancellationToken);

    public override Task<SetContactPriorityResponse> SetContactPriority(SetContactPriorityRequest request, ServerCallContext context) =>
        actions.SetContactPriorityAsync(tenants.GetCaller(context), request, context.CancellationToken);

    public override Task<ForceAgentStatusResponse> ForceAgentStatus(ForceAgentStatusRequest request, ServerCallContext context) =>
        actions.ForceAgentStatusAsync(tenants.GetCaller(context), request, context.CancellationToken);

    public override Task<UpdateAgentProfileResponse> UpdateAgentProfile(UpdateAgentProfileRequest request, ServerCallContext context) =>
        actions.UpdateAgentProfileAsync(tenants.GetCaller(context), request, context.CancellationToken);
}
