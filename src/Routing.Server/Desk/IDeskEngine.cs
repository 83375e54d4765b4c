using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.Desk;

/// <summary>
/// The routing engine as an agent desk uses it: one method per desk command, each an atomic state
/// change, plus reading a held contact and delivering the events a change decided. The desk's
/// handlers know only this seam; <see cref="RedisDeskEngine"/> runs it on Redis, unit tests on a stub.
/// </summary>
public interface IDeskEngine
{
    Task<AgentConnection> ConnectAsync(AgentSession session, AgentProfile profile, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Changes the session's status; <paramref name="reason"/> is a configured reason code (or none) and <paramref name="note"/> free text beside it.</summary>
    Task<DeskResult> ChangeStatusAsync(AgentSession session, string status, AgentStates.AgentReason reason, string note, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeskResult> AcceptAsync(AgentSession session, string offerId, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeskResult> DeclineAsync(AgentSession session, string offerId, string reason, DateTimeOffset now, CancellationToken cancellationToken);

    Task<DeskResult> CompleteAsync(AgentSession session, string contactId, string disposition, string notes, bool skipWrapUp, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Transfers to <paramref name="queue"/> or to <paramref name="agentId"/> (exactly one is given).</summary>
    Task<DeskResult> TransferAsync(AgentSession session, string contactId, string? queue, string? agentId, string note, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The session's stream ended: its offers return at once, its assignments after the reconnect grace.</summary>
    Task<DeskResult> DisconnectAsync(AgentSession session, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>A contact the agent holds, with its conversation history; null if the contact is gone.</summary>
    Task<Assignment?> GetAssignmentAsync(string tenant, string contactId, string offerId, CancellationToken cancellationToken);

    /// <summary>Sends events to the desks concerned, on this node or another; never blocks, never throws.</summary>
    void Deliver(string tenant, IReadOnlyList<RoutingEvent> events);
}
