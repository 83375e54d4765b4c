using StackExchange.Redis;

namespace Routing.Redis.Outbound;

/// <summary>
/// The durable outbound pipeline in Redis: an outbox per tenant and channel, deliveries in flight to
/// gateway streams with an acknowledgement deadline, acks, and the sweep that puts unacknowledged
/// deliveries back (at-least-once across gateway reconnects and node deaths). Each step is one script.
/// </summary>
public sealed class OutboundStore(IConnectionMultiplexer redis, EngineSettingsSource settings)
{
    public OutboundStore(IConnectionMultiplexer redis, EngineSettings settings)
        : this(redis, new EngineSettingsSource(settings))
    {
    }

    private string ScriptSettings => settings.Argument;

    private IDatabase Db => redis.GetDatabase();

    public Task<QueueDeliveryResult> QueueAsync(QueueDeliveryCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutboundQueue.RunAsync(Db, OutboundScripts.QueueKeys(command), OutboundScripts.QueueArgs(command, ScriptSettings), OutboundScripts.DecodeQueue,
            new ScriptTags(command.Tenant, command.Message.ContactId, AgentId: command.Message.AgentId));
    }

    /// <summary>Takes up to <paramref name="max"/> queued deliveries of <paramref name="channels"/> for one stream.</summary>
    public Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(string tenant, IReadOnlyList<string> channels, int max, string stream, DateTimeOffset ackBy, DateTimeOffset now, string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutboundClaim.RunAsync(Db, OutboundScripts.ClaimKeys(tenant, channels), OutboundScripts.ClaimArgs(max, ackBy, stream, now, node, ScriptSettings),
            r => OutboundScripts.DecodeClaim(r, ackBy), new ScriptTags(tenant));
    }

    public Task<DeliveryAckReply> AckAsync(string tenant, string deliveryId, DeliveryAckOutcome outcome, string reason, TimeSpan retention, DateTimeOffset now, string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutboundAck.RunAsync(Db, OutboundScripts.AckKeys(tenant, deliveryId), OutboundScripts.AckArgs(deliveryId, outcome, reason, retention, now, node, ScriptSettings),
            OutboundScripts.DecodeAck, new ScriptTags(tenant));
    }

    public Task<DeliverySweepResult> SweepAsync(string tenant, int batch, DateTimeOffset now, string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutboundSweep.RunAsync(Db, OutboundScripts.SweepKeys(tenant), OutboundScripts.SweepArgs(batch, now, node, ScriptSettings),
            OutboundScripts.DecodeSweep, new ScriptTags(tenant));
    }

    /// <summary>A delivery's stored fields (state, attempt, ...), for tests and diagnostics; empty when unknown.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetAsync(string tenant, string deliveryId)
    {
        var entries = await Db.HashGetAllAsync(new RoutingKeys(tenant).Delivery(deliveryId)).ConfigureAwait(false);
        return entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
    }

    /// <summary>The node and session an agent's desk is connected on now (empty when none).</summary>
    public async Task<(string Node, string Session)> GetAgentSessionAsync(string tenant, string agentId)
    {
        var f = await Db.HashGetAsync(new RoutingKeys(tenant).Agent(agentId), ["node", "sess", "conn"]).ConfigureAwait(false);
        return f[2] == "1" ? ((string?)f[0] ?? "", (string?)f[1] ?? "") : ("", "");
    }

    /// <summary>The newest contact of a customer's thread (the journey across channels), if any.</summary>
    public async Task<string?> GetLatestContactAsync(string tenant, string threadKey)
    {
        var ids = await Db.SortedSetRangeByRankAsync(new RoutingKeys(tenant).Journey(threadKey), 0, 0, Order.Descending).ConfigureAwait(false);
        return ids.Length == 0 ? null : (string?)ids[0];
    }

    /// <summary>The delivery queued for an outreach's (source, external id), if any within the idempotency window.</summary>
    public async Task<string?> GetDeliveryBySourceAsync(string tenant, string source, string externalId) =>
        await Db.StringGetAsync(new RoutingKeys(tenant).DeliverySource(source, externalId)).ConfigureAwait(false) is { IsNull: false } id ? (string?)id : null;
}
