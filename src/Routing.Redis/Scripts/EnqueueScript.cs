using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>enqueue.lua's KEYS, ARGV and reply.</summary>
internal static class EnqueueScript
{
    /// <param name="contactId">The id the contact gets if it is queued (not a duplicate or merged).</param>
    /// <param name="conversationId">The id a new conversation gets if the customer has none open.</param>
    /// <param name="snapshot">The CRM snapshot's JSON (<see cref="Snapshot"/>; computed when not given).</param>
    public static RedisKey[] Keys(EnqueueRequest request, string contactId, string conversationId, string? snapshot = null)
    {
        var keys = new RoutingKeys(request.Tenant);
        var channel = request.Contact.Channel.Name;
        var queue = request.Decision.Queue;
        RedisKey[] own =
        [
            keys.ExternalId(channel, request.Contact.ExternalId),
            keys.Thread(request.ThreadKey),
            keys.Contact(contactId),
            keys.Queue(queue),
            keys.QueueChannel(queue, channel),
            keys.Journey(request.ThreadKey),
            keys.Timeline(contactId),
            keys.Conversation(conversationId),
            keys.ConversationContacts(conversationId),
            keys.FreeAgents(queue, channel),
            keys.DeclineCooldowns(contactId),
            keys.CustomerSnapshot(request.ThreadKey, ContactHash.Version(snapshot ?? Snapshot(request))),
        ];

        // The CRM's preferred and last agents: the script may offer the contact to either or make it wait for them.
        var preferred = request.Customer.PreferredAgentId;
        var last = request.Customer.LastAgentId;
        RedisKey[] agents = (string.IsNullOrEmpty(preferred), string.IsNullOrEmpty(last) || last == preferred) switch
        {
            (true, true) => [],
            (false, true) => [keys.Agent(preferred), keys.AgentHoldings(preferred), keys.AgentWaiting(preferred)],
            (true, false) => [keys.Agent(last), keys.AgentHoldings(last), keys.AgentWaiting(last)],
            (false, false) => [keys.Agent(preferred), keys.AgentHoldings(preferred), keys.AgentWaiting(preferred), keys.Agent(last), keys.AgentHoldings(last), keys.AgentWaiting(last)],
        };
        return ScriptArgs.Keys(keys, [.. own, .. agents], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies, keys.QueueNames, keys.Escalations, keys.HeldUntilOpening, keys.DeadLetterChecks, keys.CallbacksDue);
    }

    /// <summary>The CRM snapshot as stored (once per thread and version, RoutingKeys.CustomerSnapshot).</summary>
    public static string Snapshot(EnqueueRequest request) => JsonSerializer.Serialize(request.Customer, RedisJsonContext.Default.CustomerContext);

    public static RedisValue[] Args(EnqueueRequest request, string contactId, string conversationId, long score, long idempotencySeconds, string settings, string? snapshot = null)
    {
        snapshot ??= Snapshot(request);
        var contact = request.Contact;
        var decision = request.Decision;
        var now = ScriptArgs.Ms(request.Now);
        var node = request.Node;
        var args = ScriptArgs.Engine(
            request.Now,
            node,
            settings,
            contactId,
            conversationId,
            (long)request.ConversationWindow.TotalMilliseconds,
            request.MergeAllowed ? 1 : 0,
            contact.Channel.Name,
            idempotencySeconds,
            score,
            decision.Queue,
            request.ThreadKey,
            request.Customer.CustomerId ?? "",
            Event(now, "received", "", $"{contact.Channel.Name} from {contact.From} ({contact.ExternalId})", node),
            Event(now, "queued", decision.Queue, $"rule {decision.Rule}, priority {decision.Priority}", node),
            JsonSerializer.Serialize(new MergedMessage(contact.ExternalId, now, contact.Subject, contact.Text), RedisJsonContext.Default.MergedMessage),
            Event(now, "merged", "", $"message {contact.ExternalId} merged while waiting", node),
            request.Customer.PreferredAgentId,
            request.Customer.LastAgentId,
            request.MaxWaiting,
            snapshot,
            ContactFields.Id, contactId,
            ContactFields.Channel, contact.Channel.Name,
            ContactFields.From, contact.From,
            ContactFields.ExternalId, contact.ExternalId,
            ContactFields.Language, contact.Language,
            ContactFields.Queue, decision.Queue,
            ContactFields.Priority, decision.Priority,
            ContactFields.Skills, JsonSerializer.Serialize(decision.Skills.ToList(), RedisJsonContext.Default.ListString),
            ContactFields.ServiceLevelMs, (long)decision.ServiceLevel.TotalMilliseconds,
            ContactFields.Rule, decision.Rule,
            ContactFields.ReceivedAt, contact.ReceivedAt.ToUnixTimeMilliseconds(),
            ContactFields.EnqueuedAt, now,
            ContactFields.Score, score,
            ContactFields.State, ContactStates.Queued,
            ContactFields.CustomerId, request.Customer.CustomerId ?? "",
            ContactFields.ThreadKey, request.ThreadKey,
            ContactFields.CustomerVersion, ContactHash.Version(snapshot),
            ContactFields.MessageCount, 1);

        // Fields at their default ("" or 0) are not written: every reader (scripts and C#) takes a
        // missing one for the default, and each costs a listpack entry that every read of the hash scans.
        // The long values in parts of at most 64 bytes (ContactHash), so the hash stays a listpack.
        RedisValue[] packed =
        [
            .. UnlessDefault(ContactFields.Intent, contact.Intent),
            .. UnlessDefault(ContactFields.CustomerPartial, request.Customer.Partial ? 1 : 0),
            .. UnlessDefault(ContactFields.MinProficiency, decision.MinProficiency),
            .. UnlessDefault(ContactFields.Escalation, EscalationPlan.Encode(decision.Escalation)),
            .. UnlessDefault(ContactFields.OutsideHours, request.OutsideHours),
            .. UnlessDefault(ContactFields.OpensAt, request.OpensAt is { } opens ? ScriptArgs.Ms(opens) : 0),
            .. UnlessDefault(ContactFields.ClosedQueue, request.ClosedQueue),
            .. UnlessDefault(ContactFields.DeadLetterAfterMs, (long)request.DeadLetterAfter.TotalMilliseconds),
            .. ContactHash.Pack(ContactFields.Subject, contact.Subject),
            .. ContactHash.Pack(ContactFields.Text, contact.Text),
            .. ContactHash.Pack(ContactFields.Attributes, JsonSerializer.Serialize(contact.Attributes, RedisJsonContext.Default.IReadOnlyDictionaryStringString)),
        ];
        return [.. args, .. packed, .. CallbackFields(request.Callback)];
    }

    private static RedisValue[] UnlessDefault(string field, string value) => value.Length == 0 ? [] : [field, value];

    private static RedisValue[] UnlessDefault(string field, long value) => value == 0 ? [] : [field, value];

    /// <summary>The callback's hash fields (none for an inbound contact: the scripts tell a callback by "cbd").</summary>
    private static RedisValue[] CallbackFields(ScheduledCallback? callback) => callback is null
        ? []
        :
        [
            ContactFields.CallbackWindowStart, ScriptArgs.Ms(callback.WindowStart),
            ContactFields.CallbackWindowEnd, ScriptArgs.Ms(callback.WindowEnd),
            ContactFields.CallbackDueAt, ScriptArgs.Ms(callback.DueAt),
        ];

    /// <summary>{ outcome, contact id, conversation, queue, priority, position, state, new conversation, customer id, partial CRM, rule, events }.</summary>
    public static EnqueueResult Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new EnqueueResult(
            (string)reply[0]! switch
            {
                "queued" => EnqueueOutcome.Queued,
                "merged" => EnqueueOutcome.Merged,
                "duplicate" => EnqueueOutcome.Duplicate,
                "queue_full" => EnqueueOutcome.QueueFull,
                var other => throw new InvalidOperationException($"Unknown enqueue outcome '{other}'."),
            },
            (string)reply[1]!,
            (string)reply[2]!,
            (string)reply[3]!,
            int.Parse((string)reply[4]!, CultureInfo.InvariantCulture),
            (long)reply[5],
            (string)reply[6]!,
            (long)reply[7] == 1,
            (string)reply[8]!,
            (string?)reply[9] == "1",
            (string)reply[10]!)
        {
            Events = RoutingEventDecoder.Decode(reply[11]),
            OutsideHours = reply.Length > 12 ? (string?)reply[12] ?? "" : "",
            OpensAt = reply.Length > 13 && long.TryParse((string?)reply[13], NumberStyles.Integer, CultureInfo.InvariantCulture, out var opens) && opens > 0
                ? DateTimeOffset.FromUnixTimeMilliseconds(opens) : null,
            ClosedQueue = reply.Length > 14 ? (string?)reply[14] ?? "" : "",
            ParallelRouting = reply.Length > 15 ? (string?)reply[15] ?? "" : "",
            Callback = reply.Length > 18 ? DecodeCallback((string?)reply[16], (string?)reply[17], (string?)reply[18]) : null,
        };
    }

    internal static ScheduledCallback? DecodeCallback(string? start, string? end, string? due)
    {
        static long Ms(string? v) => long.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0;
        var dueAt = Ms(due);
        return dueAt <= 0 ? null : new ScheduledCallback(DateTimeOffset.FromUnixTimeMilliseconds(Ms(start)), DateTimeOffset.FromUnixTimeMilliseconds(Ms(end)), DateTimeOffset.FromUnixTimeMilliseconds(dueAt));
    }

    /// <summary>
    /// A timeline entry as TimelineEntry reads it, without its empty members (as Scripts/includes/timeline.lua
    /// writes them): a waiting contact keeps two, so every byte counts a million times.
    /// </summary>
    private static string Event(long at, string kind, string queue, string detail, string node)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(160);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("at", at);
            w.WriteString("kind", kind);
            if (queue.Length > 0)
            {
                w.WriteString("queue", queue);
            }

            w.WriteString("detail", detail);
            if (node.Length > 0)
            {
                w.WriteString("node", node);
            }

            w.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
