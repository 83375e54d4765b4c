using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Core.Privacy;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.DataProtection;
using Routing.Server.Grpc;

namespace Routing.Server.Desk;

/// <summary>
/// The desk's engine on Redis, and the only place the desk calls <see cref="RoutingEngineStore"/>:
/// it maps the store's answers to <see cref="DeskResult"/>, reads held contacts from
/// <see cref="ContactQueueStore"/> and hands events to the <see cref="EventDispatcher"/>.
/// A state change the desk asked for runs to the end even if the call is cancelled meanwhile (the
/// desk dropped right after sending a complete): the store gets no token for those, only for reads.
/// </summary>
public sealed class RedisDeskEngine(
    RoutingEngineStore store,
    ContactQueueStore contacts,
    EventDispatcher dispatcher,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> engine,
    AuditRecorder audit) : IDeskEngine
{
    private string Node => routing.Value.Node;

    public async Task<AgentConnection> ConnectAsync(AgentSession session, AgentProfile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connected = await store.ConnectAsync(new ConnectCommand(session.Tenant, Node, session.SessionId, profile, now), CancellationToken.None).ConfigureAwait(false);
        return new AgentConnection(connected.Resumed, connected.Events);
    }

    public async Task<DeskResult> ChangeStatusAsync(AgentSession session, string status, AgentStates.AgentReason reason, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reason);
        var engineStatus = EngineWords.ParseStatus(status) ?? throw new ArgumentException($"Unknown agent status '{status}'.", nameof(status));
        var command = new StatusCommand(session.Tenant, Node, session.AgentId, session.SessionId, engineStatus, reason.Code, now) { ReasonKind = reason.Kind, Note = note };
        return ToResult(await store.ChangeStatusAsync(command, CancellationToken.None).ConfigureAwait(false));
    }

    public async Task<DeskResult> AcceptAsync(AgentSession session, string offerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reply = await store.AcceptAsync(new AcceptCommand(session.Tenant, Node, session.AgentId, session.SessionId, offerId, now), CancellationToken.None).ConfigureAwait(false);
        return ToResult(reply) with { ContactId = reply.ContactId, BundledContactIds = reply.BundledContactIds, BundledOfferIds = reply.BundledOfferIds };
    }

    public async Task<DeskResult> DeclineAsync(AgentSession session, string offerId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reply = await store.DeclineAsync(new DeclineCommand(session.Tenant, Node, session.AgentId, session.SessionId, offerId, reason, now), CancellationToken.None).ConfigureAwait(false);
        return ToResult(reply) with { ContactId = reply.ContactId };
    }

    public async Task<DeskResult> CompleteAsync(AgentSession session, string contactId, string disposition, string notes, bool skipWrapUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var reply = await store.CompleteAsync(new CompleteCommand(session.Tenant, Node, session.AgentId, session.SessionId, contactId, disposition, notes, skipWrapUp, now), CancellationToken.None).ConfigureAwait(false);
        return ToResult(reply) with { WrapUpUntil = reply.WrapUpUntil };
    }

    /// <summary>Transfers, and records who transferred what where in the audit trail (the note stays out of it: it may hold personal data).</summary>
    public async Task<DeskResult> TransferAsync(AgentSession session, string contactId, string? queue, string? agentId, string note, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var result = ToResult(await store.TransferAsync(new TransferCommand(session.Tenant, Node, session.AgentId, session.SessionId, contactId, queue, agentId, note, now), CancellationToken.None).ConfigureAwait(false));
        if (result.Ok)
        {
            var target = agentId is { Length: > 0 } ? "to agent " + agentId : "to queue " + queue;
            await audit.RecordAsync(session.Tenant, session.AgentId, AuditActions.Transfer, contactId, target, CancellationToken.None).ConfigureAwait(false);
        }

        return result;
    }

    public async Task<DeskResult> DisconnectAsync(AgentSession session, DateTimeOffset now, CancellationToken cancellationToken) =>
        ToResult(await store.DisconnectAsync(new DisconnectCommand(session.Tenant, Node, session.AgentId, session.SessionId, now), CancellationToken.None).ConfigureAwait(false));

    public async Task<Assignment?> GetAssignmentAsync(string tenant, string contactId, string offerId, CancellationToken cancellationToken)
    {
        var contact = await contacts.GetContactAsync(tenant, contactId, cancellationToken).ConfigureAwait(false);
        if (contact is null)
        {
            return null;
        }

        var assignment = new Assignment { Contact = ProtoMapper.ToProto(contact), OfferId = offerId };
        var history = await contacts.GetConversationHistoryAsync(tenant, contact.ConversationId, contact.ContactId, engine.Value.OfferHistory, cancellationToken).ConfigureAwait(false);
        assignment.History.Add(history.Select(ProtoMapper.ToProto));
        return assignment;
    }

    public void Deliver(string tenant, IReadOnlyList<RoutingEvent> events) => dispatcher.Dispatch(tenant, events);

    private static DeskResult ToResult(DeskReply reply) => new(reply.Code, reply.Events);
}
