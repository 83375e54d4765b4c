using Microsoft.Extensions.Options;
using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Configuration;
using Routing.Server.Grpc;

namespace Routing.Server.Desk;

/// <summary>
/// The desk's engine on Redis, and the only place the desk calls <see cref="RoutingEngineStore"/>:
/// it maps the store's answers to <see cref="DeskResult"/>, reads held contacts from
/// <see cref="ContactQueueStore"/> and hands events to the <see cref="EventDispatcher"/>.
/// </summary>
public sealed class RedisDeskEngine(
    RoutingEngineStore store,
    ContactQueueStore contacts,
    EventDispatcher dispatcher,
    IOptions<RoutingOptions> routing,
    IOptions<EngineOptions> engine) : IDeskEngine
{
    private string Node => routing.Value.Node;

    public async Task<AgentConnection> ConnectAsync(AgentSession session, AgentProfile profile, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var connected = await store.ConnectAsync(session.Tenant, Node, session.SessionId, profile, now).ConfigureAwait(false);
        return new AgentConnection(connected.Resumed, connected.Events);
    }

    public async Task<DeskResult> ChangeStatusAsync(AgentSession session, string status, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        ToResult(await store.ChangeStatusAsync(session.Tenant, Node, session.AgentId, session.SessionId, status, reason, now).ConfigureAwait(false));

    public async Task<DeskResult> AcceptAsync(AgentSession session, string offerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await store.AcceptAsync(session.Tenant, Node, session.AgentId, session.SessionId, offerId, now).ConfigureAwait(false);
        return ToResult(outcome) with { ContactId = outcome.Ok ? outcome.Value : "" };
    }

    public async Task<DeskResult> DeclineAsync(AgentSession session, string offerId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await store.DeclineAsync(session.Tenant, Node, session.AgentId, session.SessionId, offerId, reason, now).ConfigureAwait(false);
        return ToResult(outcome) with { ContactId = outcome.Ok ? outcome.Value : "" };
    }

    public async Task<DeskResult> CompleteAsync(AgentSession session, string contactId, string disposition, string notes, bool skipWrapUp, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var outcome = await store.CompleteAsync(session.Tenant, Node, session.AgentId, session.SessionId, contactId, disposition, notes, skipWrapUp, now).ConfigureAwait(false);
        return outcome.Ok
            ? ToResult(outcome) with { WrapUpUntil = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(outcome.Value, System.Globalization.CultureInfo.InvariantCulture)) }
            : ToResult(outcome);
    }

    public async Task<DeskResult> TransferAsync(AgentSession session, string contactId, string? queue, string? agentId, string note, DateTimeOffset now, CancellationToken cancellationToken) =>
        ToResult(await store.TransferAsync(session.Tenant, Node, session.AgentId, session.SessionId, contactId, queue, agentId, note, now).ConfigureAwait(false));

    public async Task<DeskResult> DisconnectAsync(AgentSession session, DateTimeOffset now, CancellationToken cancellationToken) =>
        ToResult(await store.DisconnectAsync(session.Tenant, Node, session.AgentId, session.SessionId, now).ConfigureAwait(false));

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

    private static DeskResult ToResult(DeskOutcome outcome) => new(ToCode(outcome.Code), outcome.Events);

    private static DeskResultCode ToCode(string code) => code switch
    {
        "ok" => DeskResultCode.Ok,
        "offer_not_found" => DeskResultCode.OfferNotFound,
        "offer_no_longer_valid" => DeskResultCode.OfferNoLongerValid,
        "not_your_offer" => DeskResultCode.NotYourOffer,
        "offer_expired" => DeskResultCode.OfferExpired,
        "contact_not_found" => DeskResultCode.ContactNotFound,
        "contact_already_completed" => DeskResultCode.ContactAlreadyCompleted,
        "contact_not_assigned_to_you" => DeskResultCode.ContactNotAssignedToYou,
        "transfer_to_self" => DeskResultCode.TransferToSelf,
        "agent_unavailable" => DeskResultCode.AgentUnavailable,
        "stale_session" => DeskResultCode.StaleSession,
        _ => throw new InvalidOperationException($"Unexpected engine answer '{code}'."),
    };
}
