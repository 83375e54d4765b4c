using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Every Redis key name the router uses, built here and nowhere else. All of a tenant's keys share
/// the hash tag <c>{tenant}</c>, so each script touches one cluster slot and a deployment scales
/// out on Redis Cluster by tenant. Scripts receive every key the caller can name in KEYS (each
/// script's C# contract in Scripts/ builds them from here); a key a script learns only from data is
/// named inside it from the prefix of its first key (Scripts/includes/keys.lua), so the Lua side
/// spells the suffixes below and nothing else.
/// </summary>
/// <remarks>
/// <see cref="Fence"/> never exists and is every script's first key: on Redis Cluster a
/// multi-key call with a declared key missing is refused with TRYAGAIN (or ASK, then TRYAGAIN)
/// while the slot migrates, before the script runs, so no script can run during a migration and
/// none can fail half-way on a key it learned from data that has already moved.
/// </remarks>
public sealed class RoutingKeys
{
    public RoutingKeys(string tenant)
    {
        if (!IsValidTenant(tenant))
        {
            throw new ArgumentException($"Tenant '{tenant}' must be 1-64 characters of a-z, 0-9, '-' or '_'.", nameof(tenant));
        }

        Tenant = tenant;
        Prefix = $"routing:{{{tenant}}}:";
    }

    public string Tenant { get; }

    /// <summary>"routing:{tenant}:", the start of every key of the tenant.</summary>
    public string Prefix { get; }

    [RedisKey("fence", "none", "never written: every script declares it so that none runs while the tenant's cluster slot migrates")]
    public RedisKey Fence => Prefix + "fence";

    [RedisKey("c:{contact}", "hash (TTL when finished)", "the contact and its routing decision (fields: ContactFields; long text packed in parts of at most 64 bytes, ContactHash, so the hash stays a listpack; the CRM snapshot by version, crmv); expires Retention:Contacts after it is completed or cancelled")]
    public RedisKey Contact(string contactId) => Prefix + "c:" + contactId;

    [RedisKey("c:{contact}:tl", "list (TTL when finished)", "timeline events (received, threaded, queued, merged, offered with why, declined, offer_expired, accepted, transferred, completed, written_back, cancelled, ...)")]
    public RedisKey Timeline(string contactId) => Prefix + "c:" + contactId + ":tl";

    [RedisKey("c:{contact}:msgs", "list (TTL when finished)", "messages merged into a waiting contact after its first")]
    public RedisKey MergedMessages(string contactId) => Prefix + "c:" + contactId + ":msgs";

    [RedisKey("dc:{contact}", "sorted set (TTL)", "agents cooling down after declining the contact, by until")]
    public RedisKey DeclineCooldowns(string contactId) => Prefix + "dc:" + contactId;

    [RedisKey("q:{queue}", "sorted set", "waiting contacts by score (every channel; positions and counts)")]
    public RedisKey Queue(string queue) => Prefix + "q:" + queue;

    [RedisKey("q:{queue}:{channel}", "sorted set", "waiting contacts any agent of the queue may take")]
    public RedisKey QueueChannel(string queue, string channel) => Prefix + "q:" + queue + ":" + channel;

    [RedisKey("qa:{queue}:{channel}", "sorted set", "agents with room for one more contact of that queue and channel, by the queue's strategy")]
    public RedisKey FreeAgents(string queue, string channel) => Prefix + "qa:" + queue + ":" + channel;

    [RedisKey("queues", "set", "the names of every queue that has ever held a contact")]
    public RedisKey QueueNames => Prefix + "queues";

    [RedisKey("qw:{queue}", "hash", "contacts waiting in the queue per channel (moves with every add to and removal from q:{queue})")]
    public RedisKey QueueWaiting(string queue) => Prefix + "qw:" + queue;

    [RedisKey("fm:{minute}", "hash (TTL 2 h)", "the figures of one UTC minute since the epoch: queue, figure and channel joined by bars to a count or a sum of ms (Scripts/includes/figures.lua)")]
    public RedisKey MinuteFigures(string minute) => Prefix + "fm:" + minute;

    [RedisKey("fq:{quarter}", "hash (TTL 26 h)", "the same figures per UTC quarter hour since the epoch, summed for today in the tenant's time zone")]
    public RedisKey QuarterFigures(string quarter) => Prefix + "fq:" + quarter;

    [RedisKey("qc", "hash", "queue name to selection strategy")]
    public RedisKey QueueStrategies => Prefix + "qc";

    [RedisKey("qcv", "string", "the configuration version (Routing:ConfigurationVersion) whose strategies qc holds: a node of an older one does not overwrite them")]
    public RedisKey QueueStrategiesVersion => Prefix + "qcv";

    [RedisKey("x:{channel}:{external id}", "string (TTL)", "the contact id of a gateway's (channel, external id): the idempotency record")]
    public RedisKey ExternalId(string channel, string externalId) => Prefix + "x:" + channel + ":" + externalId;

    [RedisKey("t:{thread}", "hash (TTL)", "the customer's current conversation, last activity and waiting contact per channel")]
    public RedisKey Thread(string threadKey) => Prefix + "t:" + threadKey;

    [RedisKey("s:{thread}:{version}", "string (TTL)", "the CRM snapshot (CustomerContext JSON) the thread's contacts were routed with, stored once per version (a hash of the JSON) and named by each contact's crmv; lives as long as the thread, and Retention:Contacts past the last of its contacts finished")]
    public RedisKey CustomerSnapshot(string threadKey, string version) => Prefix + "s:" + threadKey + ":" + version;

    [RedisKey("j:{thread}", "sorted set (TTL)", "every contact of the customer's thread by arrival (the journey across channels), trimmed to Retention:Contacts")]
    public RedisKey Journey(string threadKey) => Prefix + "j:" + threadKey;

    [RedisKey("v:{conversation}", "hash (TTL)", "one conversation (thread, customer, status, agent for affinity)")]
    public RedisKey Conversation(string conversationId) => Prefix + "v:" + conversationId;

    [RedisKey("v:{conversation}:c", "list (TTL)", "the contact ids of a conversation, oldest first")]
    public RedisKey ConversationContacts(string conversationId) => Prefix + "v:" + conversationId + ":c";

    [RedisKey("a:{agent}", "hash", "one agent: status, session, node, skills, capacity and load per channel")]
    public RedisKey Agent(string agentId) => Prefix + "a:" + agentId;

    [RedisKey("ah:{agent}", "hash", "what an agent holds: contact id to its channel, offered (o), assigned (a) or in wrap-up (w)")]
    public RedisKey AgentHoldings(string agentId) => Prefix + "ah:" + agentId;

    [RedisKey("aq:{agent}", "sorted set", "contacts waiting for one agent (affinity, preferred agent, transfer), by score")]
    public RedisKey AgentWaiting(string agentId) => Prefix + "aq:" + agentId;

    [RedisKey("aqx", "sorted set", "deadlines of the contacts waiting for one agent")]
    public RedisKey AgentWaitDeadlines => Prefix + "aqx";

    [RedisKey("esc", "sorted set", "each waiting contact's next escalation step by due time (Scripts/includes/escalate.lua)")]
    public RedisKey Escalations => Prefix + "esc";

    [RedisKey("agents", "set", "every agent that ever connected")]
    public RedisKey Agents => Prefix + "agents";

    [RedisKey("ox", "sorted set", "open offers by expiry")]
    public RedisKey OfferExpiries => Prefix + "ox";

    [RedisKey("wu", "sorted set", "wrap-up ends, one per agent, contact and channel")]
    public RedisKey WrapUps => Prefix + "wu";

    [RedisKey("gr", "sorted set", "reconnect-grace deadlines of disconnected agents")]
    public RedisKey ReconnectGraces => Prefix + "gr";

    [RedisKey("hx", "sorted set", "contacts held outside their queue's business hours, by the time it opens (claimed by the sweep)")]
    public RedisKey HeldUntilOpening => Prefix + "hx";

    [RedisKey("cbx", "sorted set", "callbacks (Scripts/includes/callback.lua): a scheduled one by its due time, then a queued one by its window's end (claimed by the sweep)")]
    public RedisKey CallbacksDue => Prefix + "cbx";

    [RedisKey("dlx", "sorted set", "waiting contacts by the time to check whether any logged-in agent can serve them (dead letters)")]
    public RedisKey DeadLetterChecks => Prefix + "dlx";

    [RedisKey("dl:{queue}", "sorted set", "the queue's dead letters: waiting contacts no logged-in agent can serve, by the time they were flagged")]
    public RedisKey DeadLetters(string queue) => Prefix + "dl:" + queue;

    [RedisKey("qm:{queue}:{channel}", "sorted set", "connected agents of the queue with capacity on the channel, by connect time (whether anyone could serve a contact)")]
    public RedisKey ConnectedAgents(string queue, string channel) => Prefix + "qm:" + queue + ":" + channel;

    [RedisKey("nodes", "sorted set", "node heartbeats (last seen, ms)")]
    public RedisKey Nodes => Prefix + "nodes";

    [RedisKey("na:{node}", "set", "agents connected to a node")]
    public RedisKey NodeAgents(string node) => Prefix + "na:" + node;

    [RedisKey("deadnodes", "set", "nodes declared dead whose agents are still being recovered")]
    public RedisKey DeadNodes => Prefix + "deadnodes";

    [RedisKey("ni", "hash", "node to the configuration it runs and its desks (Supervisor.ListNodes): version, hash, agents connected, applied and written at (ms), bar-separated")]
    public RedisKey NodeInfo => Prefix + "ni";

    [RedisKey("wb", "sorted set", "completed contacts to write back to the CRM, by next attempt")]
    public RedisKey WriteBack => Prefix + "wb";

    [RedisKey("cs:{customer}", "hash", "consent changes that win over the CRM's (possibly cached) consent at once on every node (gateway opt-outs, Outreach.UpdateConsent): channel to 1 or 0, a bar and the change time (ms)")]
    public RedisKey ConsentOverrides(string customerId) => Prefix + "cs:" + customerId;

    [RedisKey("csw", "sorted set", "consent changes to write back to the CRM (customer, a bar, channel), by next attempt")]
    public RedisKey ConsentWriteBack => Prefix + "csw";

    [RedisKey("audit", "sorted set", "the audit trail: who did what (JSON without personal data) by time, trimmed to Retention:Audit on write")]
    public RedisKey Audit => Prefix + "audit";

    [RedisKey("d:{delivery}", "hash (TTL when finished)", "one outbound delivery (reply or outreach): channel, address, text, state queued/inflight/accepted/delivered/failed, attempt (Scripts/outbound_*.lua)")]
    public RedisKey Delivery(string deliveryId) => Prefix + "d:" + deliveryId;

    [RedisKey("do:{channel}", "sorted set", "the channel's outbox: deliveries waiting for a gateway stream, by the time queued")]
    public RedisKey Outbox(string channel) => Prefix + "do:" + channel;

    [RedisKey("dif", "sorted set", "deliveries handed to a gateway stream and not yet acknowledged, by acknowledgement deadline (the sweep puts expired ones back in their outbox)")]
    public RedisKey DeliveriesInFlight => Prefix + "dif";

    [RedisKey("dsx:{source}:{external id}", "string (TTL)", "the delivery id of an outreach's (source, external id): the idempotency record")]
    public RedisKey DeliverySource(string source, string externalId) => Prefix + "dsx:" + source + ":" + externalId;

    [RedisKey("ol:{customer}", "sorted set (TTL)", "the customer's outreach sent or reserved (deferred), delivery id by send time, trimmed to the widest communication limit (Scripts/outreach_queue.lua)")]
    public RedisKey OutreachSent(string customerId) => Prefix + "ol:" + customerId;

    [RedisKey("oh:{customer}", "hash (TTL)", "the customer's recent outreach by content hash: delivery id, a bar and until when an identical message is answered with it (Outbound:DuplicateWindow)")]
    public RedisKey OutreachContent(string customerId) => Prefix + "oh:" + customerId;

    [RedisKey("odx", "sorted set", "deferred outreach (quiet hours, communication limits) by the time it may go (released to its outbox by the sweep)")]
    public RedisKey DeferredOutreach => Prefix + "odx";

    /// <summary>
    /// The registry of active tenants, the one key outside every tenant's hash tag: a node adds a
    /// tenant the first time it serves a call for it, and every node's background loops serve the
    /// tenants it lists, so no loop ever scans keys. One key, so on Redis Cluster it lives on one shard.
    /// </summary>
    [RedisKey("routing:tenants", "set", "global, outside every tenant: the tenants any node has served (each node's sweeper, write-back and strategies serve these)")]
    public static RedisKey TenantRegistry => "routing:tenants";

    /// <summary>
    /// Pub/sub channel of one server node: wake-ups for the agent sessions it holds, of every tenant
    /// (each message names its tenant). Not a key: a node subscribes once, however many tenants it serves.
    /// </summary>
    public static RedisChannel NodeChannel(string node) => RedisChannel.Literal("routing:node:" + node);

    /// <summary>
    /// Pub/sub channel of outbound wake-ups, "tenant|channel": every node's gateway streams of that
    /// tenant and channel look at the outbox now (they also look on a short period, so a lost
    /// message only delays). Not a key.
    /// </summary>
    public static RedisChannel OutboxChannel { get; } = RedisChannel.Literal("routing:outbox");

    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: > 0 and <= 64 } && tenant.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
