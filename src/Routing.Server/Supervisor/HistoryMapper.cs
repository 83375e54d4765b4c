using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Grpc;

namespace Routing.Server.Supervisor;

/// <summary>Maps what the scripts recorded about contacts (timelines, outcomes) to the Supervisor contract. Shape only.</summary>
public static class HistoryMapper
{
    public static TimelineEvent ToProto(TimelineEntry e)
    {
        var proto = new TimelineEvent
        {
            At = ProtoMapper.ToTimestamp(DateTimeOffset.FromUnixTimeMilliseconds(e.At)),
            Kind = ToKind(e.Kind),
            Name = e.Kind,
            Queue = e.Queue,
            AgentId = e.Agent,
            Detail = e.Detail,
            Node = e.Node,
            OfferReason = ProtoMapper.ToOfferReason(EngineWords.TryParseOfferReason(e.Reason)),
            Strategy = e.Strategy,
            EscalationStep = e.Step ?? 0,
        };
        if (e.Score is { } score)
        {
            proto.Score = score;
        }

        return proto;
    }

    /// <summary>The contract's kind for a timeline word; UNSPECIFIED for a word it does not name (the event's name still says it).</summary>
    public static TimelineEventKind ToKind(string kind) => kind switch
    {
        "received" => TimelineEventKind.Received,
        "threaded" => TimelineEventKind.Threaded,
        "queued" => TimelineEventKind.Queued,
        "merged" => TimelineEventKind.Merged,
        "waiting_for_agent" => TimelineEventKind.WaitingForAgent,
        "agent_wait_over" => TimelineEventKind.AgentWaitOver,
        "offered" => TimelineEventKind.Offered,
        "declined" => TimelineEventKind.Declined,
        "offer_expired" => TimelineEventKind.OfferExpired,
        "offer_returned" => TimelineEventKind.OfferReturned,
        "accepted" => TimelineEventKind.Accepted,
        "transferred" => TimelineEventKind.Transferred,
        "returned" => TimelineEventKind.Requeued,
        "completed" => TimelineEventKind.Completed,
        "cancelled" => TimelineEventKind.Cancelled,
        "written_back" => TimelineEventKind.WrittenBack,
        "escalated" => TimelineEventKind.Escalated,
        "held_outside_hours" => TimelineEventKind.HeldOutsideHours,
        "released_at_opening" => TimelineEventKind.ReleasedAtOpening,
        "closed_outside_hours" => TimelineEventKind.ClosedOutsideHours,
        "overflowed_by_hours" => TimelineEventKind.OverflowedByHours,
        "dead_lettered" => TimelineEventKind.DeadLettered,
        "dead_letter_cleared" => TimelineEventKind.DeadLetterCleared,
        "moved" => TimelineEventKind.MovedBySupervisor,
        "priority_changed" => TimelineEventKind.PriorityChanged,
        "reply_queued" => TimelineEventKind.ReplyQueued,
        "reply_delivered" => TimelineEventKind.ReplyDelivered,
        "reply_failed" => TimelineEventKind.ReplyFailed,
        "reply_accepted" => TimelineEventKind.ReplyAccepted,
        "reply_redelivering" => TimelineEventKind.ReplyRedelivering,
        "bundled" => TimelineEventKind.BundledWithConversation,
        "callback_scheduled" => TimelineEventKind.CallbackScheduled,
        "callback_due" => TimelineEventKind.CallbackDue,
        "callback_window_missed" => TimelineEventKind.CallbackWindowMissed,
        _ => TimelineEventKind.Unspecified,
    };

    public static ContactOutcome ToProto(StoredOutcome o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return new ContactOutcome
        {
            State = ProtoMapper.ToState(o.State),
            AgentId = o.AgentId,
            AcceptedAt = Timestamp(o.AcceptedAt),
            CompletedAt = Timestamp(o.CompletedAt),
            CancelledAt = Timestamp(o.CancelledAt),
            Disposition = o.Disposition,
            WrittenBackAt = Timestamp(o.WrittenBackAt),
            Offers = o.Offers,
        };
    }

    public static JourneyEntry ToProto(ContactRecord r)
    {
        ArgumentNullException.ThrowIfNull(r);
        return new JourneyEntry { Contact = ProtoMapper.ToProto(r.Contact), Outcome = ToProto(r.Outcome) };
    }

    private static Google.Protobuf.WellKnownTypes.Timestamp? Timestamp(DateTimeOffset? at) => at is { } t ? ProtoMapper.ToTimestamp(t) : null;
}
