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

    /// <summary>Queues an outreach message under the customer's communication limits and quiet hours (one script: the check and the count are atomic).</summary>
    public Task<OutreachQueueResult> QueueOutreachAsync(OutreachQueueCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutreachQueue.RunAsync(Db, OutreachScripts.QueueKeys(command), OutreachScripts.QueueArgs(command, ScriptSettings), OutreachScripts.DecodeQueue,
            new ScriptTags(command.Tenant));
    }

    /// <summary>
    /// Deferred outreach due at <paramref name="now"/> goes to its outboxes (at most <paramref name="batch"/>); once, whichever node calls.
    /// One whose channel the customer opted out of meanwhile fails instead (kept for <paramref name="retention"/>).
    /// </summary>
    public Task<DeliverySweepResult> ReleaseDeferredAsync(string tenant, int batch, TimeSpan retention, DateTimeOffset now, string node, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return LuaScripts.OutreachRelease.RunAsync(Db, OutreachScripts.ReleaseKeys(tenant), OutreachScripts.ReleaseArgs(batch, retention, now, node, ScriptSettings),
            OutboundScripts.DecodeSweep, new ScriptTags(tenant));
    }

    /// <summary>
    /// When the customer of a thread last wrote on each channel, and from which address, read from
    /// the newest <paramref name="max"/> contacts of their journey (bounded: one range read and one
    /// small hash read per contact, pipelined).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, (DateTimeOffset At, string From)>> GetLastInboundAsync(string tenant, string threadKey, int max)
    {
        var keys = new RoutingKeys(tenant);
        var ids = await Db.SortedSetRangeByRankAsync(keys.Journey(threadKey), 0, max - 1, Order.Descending).ConfigureAwait(false);
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAsync(keys.Contact((string)id!), [ContactFields.Channel, ContactFields.ReceivedAt, ContactFields.From])).ToList();
        batch.Execute();
        var result = new Dictionary<string, (DateTimeOffset, string)>(StringComparer.Ordinal);
        foreach (var read in reads)
        {
            var f = await read.ConfigureAwait(false);
            if ((string?)f[0] is { Length: > 0 } channel && long.TryParse((string?)f[1], System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var ms))
            {
                var at = DateTimeOffset.FromUnixTimeMilliseconds(ms);
                if (!result.TryGetValue(channel, out var known) || known.Item1 < at)
                {
                    result[channel] = (at, (string?)f[2] ?? "");
                }
            }
        }

        return result;
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
