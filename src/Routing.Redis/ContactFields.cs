namespace Routing.Redis;

/// <summary>Field names of the contact hash, shared by the C# store and the Lua scripts (which spell them literally).</summary>
internal static class ContactFields
{
    public const string Id = "id";
    public const string Channel = "ch";
    public const string From = "from";
    public const string ExternalId = "ext";
    public const string Subject = "subj";
    public const string Text = "text";
    public const string Intent = "intent";
    public const string Language = "lang";
    public const string Attributes = "attrs";
    public const string Queue = "queue";
    public const string Priority = "prio";
    public const string Skills = "skills";
    public const string ServiceLevelMs = "sla";
    public const string Rule = "rule";
    public const string ReceivedAt = "recv";
    public const string EnqueuedAt = "enq";
    public const string Score = "score";
    public const string State = "state";
    public const string Conversation = "conv";
    public const string CustomerId = "cust";
    public const string ThreadKey = "thread";
    /// <summary>The CRM snapshot, inline: written by versions before the snapshot moved to its own key (ContactHash); still read.</summary>
    public const string Customer = "crm";

    /// <summary>The version of the CRM snapshot the contact was routed with (RoutingKeys.CustomerSnapshot with the thread).</summary>
    public const string CustomerVersion = "crmv";
    public const string CustomerPartial = "crmp";
    public const string MessageCount = "msgs";
    public const string Agent = "agent";
    public const string OfferedAgent = "oagent";
    public const string Offers = "offers";
    public const string AcceptedAt = "accepted";
    public const string CompletedAt = "completed";
    public const string EndedAt = "ended";
    public const string Disposition = "disp";
    public const string WrittenBackAt = "wrote";

    /// <summary>The least proficiency an agent needs in each required skill (0 = any); escalation may lower it.</summary>
    public const string MinProficiency = "minp";

    /// <summary>The rule's escalation plan (EscalationPlan) and the number of its steps applied.</summary>
    public const string Escalation = "esc";
    public const string EscalationApplied = "escn";

    /// <summary>The queues an escalation widened the contact to (comma separated; Scripts/includes/widened.lua).</summary>
    public const string WidenedQueues = "wq";

    // Business hours and dead letters (Scripts/includes/hours.lua, deadletter.lua).
    public const string OutsideHours = "oh";
    public const string OpensAt = "oha";
    public const string ClosedQueue = "ohq";
    public const string DeadLetterAfterMs = "dla";
    public const string DeadLetterWhy = "dl";
    public const string DeadLetteredAt = "dlat";

    // Callbacks (Scripts/includes/callback.lua): the window the customer asked for and when it is due (ms).
    public const string CallbackWindowStart = "cbs";
    public const string CallbackWindowEnd = "cbe";
    public const string CallbackDueAt = "cbd";

    /// <summary>"1" once the callback's window ended with the contact still waiting.</summary>
    public const string CallbackWindowMissed = "cbm";
}
