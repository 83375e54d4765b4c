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
}
