using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;

namespace Routing.Redis;

/// <summary>Everything the enqueue script needs, decided before it runs (validation, CRM, rules, threading).</summary>
public sealed record EnqueueRequest(
    string Tenant,
    ValidContact Contact,
    CustomerContext Customer,
    RoutingDecision Decision,
    string ThreadKey,
    bool MergeAllowed,
    TimeSpan ConversationWindow,
    TimeSpan PriorityWeight,
    DateTimeOffset Now,
    string Node)
{
    /// <summary>Admission control: the most contacts the decided queue may hold waiting (0 = no limit). A merge is never refused.</summary>
    public long MaxWaiting { get; init; }

    /// <summary>Outside business hours: "hold", "closed", "overflow" (<see cref="OutsideHoursActions"/>), or empty when open.</summary>
    public string OutsideHours { get; init; } = "";

    /// <summary>When the queue opens (a held contact is queued then).</summary>
    public DateTimeOffset? OpensAt { get; init; }

    /// <summary>The closed queue the contact was overflowed from (overflow) or answered for (closed).</summary>
    public string ClosedQueue { get; init; } = "";

    /// <summary>A callback the customer asked for: scheduled until its due time, then queued (null for an inbound contact).</summary>
    public ScheduledCallback? Callback { get; init; }

    /// <summary>How long the contact may wait with no logged-in agent able to serve it before it is a dead letter (zero: never flagged).</summary>
    public TimeSpan DeadLetterAfter { get; init; }
}
