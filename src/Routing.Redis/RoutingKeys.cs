using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Every Redis key name the router uses, built here and nowhere else (the Lua scripts receive
/// them, or the <see cref="Prefix"/> they are built from, as arguments). All of a tenant's keys
/// share the hash tag <c>{tenant}</c>, so each script touches one cluster slot and a deployment
/// scales out on Redis Cluster by tenant.
/// </summary>
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

    /// <summary>Hash: one contact (see <see cref="ContactFields"/>). Suffix in Lua: "c:" + id.</summary>
    public RedisKey Contact(string contactId) => Prefix + "c:" + contactId;

    /// <summary>List: the contact's timeline events (JSON). Suffix in Lua: "c:" + id + ":tl".</summary>
    public RedisKey Timeline(string contactId) => Prefix + "c:" + contactId + ":tl";

    /// <summary>List: the messages merged into a contact after its first (JSON). Suffix in Lua: "c:" + id + ":msgs".</summary>
    public RedisKey MergedMessages(string contactId) => Prefix + "c:" + contactId + ":msgs";

    /// <summary>Sorted set: the waiting contacts of one queue, scored so the lowest is served first. Suffix in Lua: "q:" + queue.</summary>
    public RedisKey Queue(string queue) => Prefix + "q:" + queue;

    /// <summary>Set: the names of every queue that has ever held a contact.</summary>
    public RedisKey QueueNames => Prefix + "queues";

    /// <summary>String: contact id for a gateway's (channel, external id): the idempotency record.</summary>
    public RedisKey ExternalId(string channel, string externalId) => Prefix + "x:" + channel + ":" + externalId;

    /// <summary>Hash: a customer's thread: current conversation, last activity, waiting contact per channel.</summary>
    public RedisKey Thread(string threadKey) => Prefix + "t:" + threadKey;

    /// <summary>Hash: one conversation. Suffix in Lua: "v:" + id.</summary>
    public RedisKey Conversation(string conversationId) => Prefix + "v:" + conversationId;

    /// <summary>List: the contact ids of a conversation, oldest first. Suffix in Lua: "v:" + id + ":c".</summary>
    public RedisKey ConversationContacts(string conversationId) => Prefix + "v:" + conversationId + ":c";

    /// <summary>Sorted set: every contact of a customer's thread by arrival time (the customer journey).</summary>
    public RedisKey Journey(string threadKey) => Prefix + "j:" + threadKey;

    /// <summary>Hash: one agent (status, session, node, skills, capacity and load per channel).</summary>
    public RedisKey Agent(string agentId) => Prefix + "a:" + agentId;

    /// <summary>Hash: what an agent holds: contact id to "o|channel" (offered), "a|channel" (assigned), "w|channel" (wrap-up).</summary>
    public RedisKey AgentHoldings(string agentId) => Prefix + "ah:" + agentId;

    /// <summary>Sorted set: the waiting contacts of one queue and channel that any of its agents may take.</summary>
    public RedisKey QueueChannel(string queue, string channel) => Prefix + "q:" + queue + ":" + channel;

    /// <summary>Sorted set: agents able to take one more contact of a queue and channel, ordered by the queue's strategy.</summary>
    public RedisKey FreeAgents(string queue, string channel) => Prefix + "qa:" + queue + ":" + channel;

    /// <summary>Sorted set: contacts waiting for one agent (affinity, preferred agent, transfer).</summary>
    public RedisKey AgentWaiting(string agentId) => Prefix + "aq:" + agentId;

    /// <summary>Sorted set: open offers by expiry.</summary>
    public RedisKey OfferExpiries => Prefix + "ox";

    /// <summary>Hash: queue name to selection strategy.</summary>
    public RedisKey QueueStrategies => Prefix + "qc";

    /// <summary>Set: every agent that ever connected.</summary>
    public RedisKey Agents => Prefix + "agents";

    /// <summary>Sorted set: node heartbeats (last seen, ms).</summary>
    public RedisKey Nodes => Prefix + "nodes";

    /// <summary>Sorted set: completed contacts to write back to the CRM, by next attempt.</summary>
    public RedisKey WriteBack => Prefix + "wb";

    /// <summary>Pub/sub channel of one server node: wake-ups for the agent sessions it holds.</summary>
    public RedisChannel NodeChannel(string node) => RedisChannel.Literal(Prefix + "node:" + node);

    public static bool IsValidTenant(string? tenant) =>
        tenant is { Length: > 0 and <= 64 } && tenant.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
