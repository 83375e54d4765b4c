using System.Collections.Concurrent;

namespace Routing.Simulator;

/// <summary>
/// The agents' replies as the simulation saw them from both ends: queued at the desk (ReplyQueued),
/// handed to and acknowledged by the simulated gateways (ChannelGateway.Deliver), reported back at
/// the desk (ReplyDeliveryReport). The messages of one reply may arrive in any order, so every
/// observation creates its record. Checks at the end: every queued reply delivered or failed once,
/// on the channel the router named, and reported at a desk that stayed connected; none acknowledged
/// twice.
/// </summary>
public sealed class ReplyTracker
{
    private readonly ConcurrentDictionary<string, ReplyTrack> _replies = new(StringComparer.Ordinal);
    private int _sent;
    private int _refused;
    private int _handovers;
    private int _redeliveries;
    private int _gatewayCrashes;

    /// <summary>SendReply messages written by the desks.</summary>
    public int Sent => Volatile.Read(ref _sent);

    /// <summary>Replies the router refused (no permitted channel, or the contact no longer the agent's).</summary>
    public int Refused => Volatile.Read(ref _refused);

    /// <summary>Deliveries handed to the simulated gateways, redeliveries included.</summary>
    public int Handovers => Volatile.Read(ref _handovers);

    /// <summary>Hand-overs of a delivery the gateways had seen before (an acknowledgement that did not arrive in time).</summary>
    public int Redeliveries => Volatile.Read(ref _redeliveries);

    /// <summary>Gateway streams dropped instead of acknowledging a delivery.</summary>
    public int GatewayCrashes => Volatile.Read(ref _gatewayCrashes);

    public IEnumerable<ReplyTrack> Replies => _replies.Values;

    public void CountGatewayCrash() => Interlocked.Increment(ref _gatewayCrashes);

    public void CountSent() => Interlocked.Increment(ref _sent);

    public void CountRefused() => Interlocked.Increment(ref _refused);

    public void OnQueued(string deliveryId, string contactId, string contactChannel, string channel, string agentId)
    {
        var track = Track(deliveryId);
        lock (track)
        {
            track.ContactId = contactId;
            track.ContactChannel = contactChannel;
            track.QueuedChannel = channel;
            track.AgentId = agentId;
        }
    }

    /// <summary>A gateway stream of <paramref name="channel"/> was handed the delivery.</summary>
    public void OnHandedOver(string deliveryId, string channel, int attempt)
    {
        Interlocked.Increment(ref _handovers);
        var track = Track(deliveryId);
        lock (track)
        {
            track.DeliveredChannel ??= channel;
            if (track.Handovers++ > 0 || attempt > 1)
            {
                Interlocked.Increment(ref _redeliveries);
            }
        }
    }

    /// <summary>The router's answer to a gateway's acknowledgement.</summary>
    public void OnAckResult(string deliveryId, string outcome, bool applied, string state, SimulationTracker violations)
    {
        var track = Track(deliveryId);
        lock (track)
        {
            if (!applied)
            {
                track.RepeatedAcks++;
                return;
            }

            if (track.Outcome is not null)
            {
                violations.Violation($"reply {deliveryId} acknowledged twice ({track.Outcome}, then {state})");
            }

            track.Outcome = state.Length > 0 ? state : outcome;
        }
    }

    public void OnDeskReport(string deliveryId, string outcome)
    {
        var track = Track(deliveryId);
        lock (track)
        {
            track.DeskReports++;
            track.DeskOutcome = outcome;
        }
    }

    /// <summary>The agent's desk dropped: reports of its replies not yet in may go to no desk (the timeline keeps them).</summary>
    public void OnDeskDropped(string agentId)
    {
        foreach (var track in _replies.Values)
        {
            lock (track)
            {
                if (track.AgentId == agentId && track.DeskReports == 0)
                {
                    track.DeskDropped = true;
                }
            }
        }
    }

    /// <summary>Queued replies without a gateway outcome yet, or without the desk's report while the desk stayed up.</summary>
    public int Pending => _replies.Values.Count(t => t.QueuedChannel is not null && (t.Outcome is null || (t.DeskReports == 0 && !t.DeskDropped)));

    /// <summary>Adds a violation for every queued reply lost, misrouted or not reported.</summary>
    public void Check(SimulationTracker tracker)
    {
        foreach (var track in _replies.Values)
        {
            lock (track)
            {
                if (track.QueuedChannel is null)
                {
                    continue; // its ReplyQueued was lost with a desk drop: the gateway side still counts it
                }

                if (track.Outcome is null)
                {
                    tracker.Violation($"reply {track.DeliveryId} (contact {track.ContactId}, {track.QueuedChannel}) queued but never delivered or failed: lost");
                }
                else if (track.DeliveredChannel != track.QueuedChannel)
                {
                    tracker.Violation($"reply {track.DeliveryId} queued for {track.QueuedChannel} but handed to the {track.DeliveredChannel} gateway");
                }
                else if (track.DeskReports == 0 && !track.DeskDropped)
                {
                    tracker.Violation($"reply {track.DeliveryId} {track.Outcome}, but {track.AgentId}'s desk, connected all along, was never told");
                }
                else if (track.DeskReports > 0 && track.DeskOutcome != track.Outcome)
                {
                    tracker.Violation($"reply {track.DeliveryId}: the gateway said {track.Outcome}, the desk was told {track.DeskOutcome}");
                }
            }
        }
    }

    private ReplyTrack Track(string deliveryId) => _replies.GetOrAdd(deliveryId, id => new ReplyTrack(id));
}
