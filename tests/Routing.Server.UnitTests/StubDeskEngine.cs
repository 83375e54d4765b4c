using Routing.Core.Agents;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

/// <summary>
/// An engine that answers what a test tells it to and remembers what it was asked: the desk's
/// handlers see only <see cref="IDeskEngine"/>, so they run here without Redis.
/// </summary>
public sealed class StubDeskEngine : IDeskEngine
{
    public static readonly IReadOnlyList<RoutingEvent> SomeEvents = [new(RoutingEventKind.Offer, "ada", "n1", "ses-1", "ct-9", "of-ct-9-1") { OfferReason = EngineOfferReason.Pull }];

    /// <summary>The answer to the next command (status, accept, decline, complete, transfer, disconnect).</summary>
    public DeskResult Next { get; set; } = new(DeskResultCode.Ok, []);

    /// <summary>Thrown instead of answering, e.g. a Redis timeout.</summary>
    public Exception? Failure { get; set; }

    public AgentConnection Connection { get; set; } = new([], []);

    /// <summary>Contacts <see cref="GetAssignmentAsync"/> finds, by id.</summary>
    public Dictionary<string, Assignment> Contacts { get; } = [];

    public Exception? ReadFailure { get; set; }

    public List<string> Calls { get; } = [];

    public List<IReadOnlyList<RoutingEvent>> Delivered { get; } = [];

    /// <summary>Runs when events are delivered (e.g. to see what the desk had been sent by then).</summary>
    public Action? OnDeliver { get; set; }

    public Task<AgentConnection> ConnectAsync(AgentSession session, AgentProfile profile, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"connect {profile.AgentId} {profile.InitialStatus}", Connection);

    public Task<DeskResult> ChangeStatusAsync(AgentSession session, string status, Routing.Server.AgentStates.AgentReason reason, string note, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"status {status} {reason.Code}", Next);

    public Task<DeskResult> AcceptAsync(AgentSession session, string offerId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"accept {offerId}", Next);

    public Task<DeskResult> DeclineAsync(AgentSession session, string offerId, string reason, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"decline {offerId} {reason}", Next);

    public Task<DeskResult> CompleteAsync(AgentSession session, string contactId, string disposition, string notes, bool skipWrapUp, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"complete {contactId} {disposition}", Next);

    public Task<DeskResult> TransferAsync(AgentSession session, string contactId, string? queue, string? agentId, string note, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer($"transfer {contactId} queue={queue} agent={agentId}", Next);

    public Task<DeskResult> DisconnectAsync(AgentSession session, DateTimeOffset now, CancellationToken cancellationToken) =>
        Answer("disconnect", Next);

    public Task<Assignment?> GetAssignmentAsync(string tenant, string contactId, string offerId, CancellationToken cancellationToken)
    {
        Calls.Add($"read {contactId}");
        if (ReadFailure is not null)
        {
            throw ReadFailure;
        }

        return Task.FromResult(Contacts.TryGetValue(contactId, out var found) ? found.Clone() : null);
    }

    public void Deliver(string tenant, IReadOnlyList<RoutingEvent> events)
    {
        OnDeliver?.Invoke();
        Delivered.Add(events);
    }

    private Task<T> Answer<T>(string call, T answer)
    {
        Calls.Add(call);
        return Failure is null ? Task.FromResult(answer) : Task.FromException<T>(Failure);
    }
}
