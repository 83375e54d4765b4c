using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Agent state, offers and matching in Redis. Every command is one Lua script (Scripts/*.lua with
/// the shared functions they include from Scripts/includes), so each state change, with the
/// matching it triggers, is atomic; every key a script can be told is declared in its KEYS (the
/// script's contract in Scripts/*Script.cs builds them). Costs are O(log N) in queue length.
/// </summary>
public sealed class RoutingEngineStore(IConnectionMultiplexer redis, EngineSettingsSource settings)
{
    public RoutingEngineStore(IConnectionMultiplexer redis, EngineSettings settings)
        : this(redis, new EngineSettingsSource(settings))
    {
    }

    private string ScriptSettings => settings.Argument;

    private IDatabase Db => redis.GetDatabase();

    public Task<ConnectReply> ConnectAsync(ConnectCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Connect, ConnectScript.Keys(command), ConnectScript.Args(command, ScriptSettings), ConnectScript.Decode, new(command.Tenant, AgentId: command.Profile.AgentId), cancellationToken);

    public Task<StatusReply> ChangeStatusAsync(StatusCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Status, StatusScript.Keys(command), StatusScript.Args(command, ScriptSettings), StatusScript.Decode, new(command.Tenant, AgentId: command.AgentId), cancellationToken);

    public Task<AcceptReply> AcceptAsync(AcceptCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Accept, AcceptScript.Keys(command), AcceptScript.Args(command, ScriptSettings), AcceptScript.Decode, new(command.Tenant, OfferIds.ContactOf(command.OfferId), AgentId: command.AgentId), cancellationToken);

    public Task<DeclineReply> DeclineAsync(DeclineCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Decline, DeclineScript.Keys(command), DeclineScript.Args(command, ScriptSettings), DeclineScript.Decode, new(command.Tenant, OfferIds.ContactOf(command.OfferId), AgentId: command.AgentId), cancellationToken);

    public Task<CompleteReply> CompleteAsync(CompleteCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Complete, CompleteScript.Keys(command), CompleteScript.Args(command, ScriptSettings), CompleteScript.Decode, new(command.Tenant, command.ContactId, AgentId: command.AgentId), cancellationToken);

    public Task<TransferReply> TransferAsync(TransferCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Transfer, TransferScript.Keys(command), TransferScript.Args(command, ScriptSettings), TransferScript.Decode, new(command.Tenant, command.ContactId, command.Queue, command.AgentId), cancellationToken);

    /// <summary>The session's stream ended. A session that is no longer the agent's live one changes nothing.</summary>
    public Task<DisconnectReply> DisconnectAsync(DisconnectCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Disconnect, DisconnectScript.Keys(command), DisconnectScript.Args(command, ScriptSettings), DisconnectScript.Decode, new(command.Tenant, AgentId: command.AgentId), cancellationToken);

    /// <summary>One sweeper pass: expired offers, affinity waits, wrap-ups, reconnect graces, dead nodes.</summary>
    public Task<SweepReply> SweepAsync(SweepCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.Sweep, SweepScript.Keys(command), SweepScript.Args(command, ScriptSettings), SweepScript.Decode, new(command.Tenant), cancellationToken);

    /// <summary>
    /// Records <paramref name="node"/>'s heartbeat in the tenant, as every sweep does. A node sends it
    /// before its first write in a tenant, so the others can declare it dead there even if it dies
    /// before its first sweep of the tenant.
    /// </summary>
    public Task HeartbeatAsync(string tenant, string node, DateTimeOffset now) =>
        Db.SortedSetAddAsync(new RoutingKeys(tenant).Nodes, node, now.ToUnixTimeMilliseconds());

    /// <summary>Claims completed contacts due for CRM write-back, leasing them.</summary>
    public Task<ClaimWriteBackReply> ClaimWriteBackAsync(ClaimWriteBackCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.ClaimWriteBack, ClaimWriteBackScript.Keys(command), ClaimWriteBackScript.Args(command), ClaimWriteBackScript.Decode, new(command.Tenant), cancellationToken);

    /// <summary>The contact is in the CRM: it leaves the write-back set, and the first confirmation is on its timeline.</summary>
    public Task<bool> ConfirmWriteBackAsync(ConfirmWriteBackCommand command, CancellationToken cancellationToken) =>
        RunAsync(LuaScripts.ConfirmWriteBack, ConfirmWriteBackScript.Keys(command), ConfirmWriteBackScript.Args(command, ScriptSettings), ConfirmWriteBackScript.Decode, new(command.Tenant, command.ContactId), cancellationToken);

    /// <summary>The CRM write failed: try again after <paramref name="retryAt"/>.</summary>
    public Task RetryWriteBackAsync(string tenant, string contactId, DateTimeOffset retryAt) =>
        Db.SortedSetAddAsync(new RoutingKeys(tenant).WriteBack, contactId, retryAt.ToUnixTimeMilliseconds());

    public Task<long> CountWriteBackAsync(string tenant) => Db.SortedSetLengthAsync(new RoutingKeys(tenant).WriteBack);

    /// <summary>An agent's stored state (null if it never connected).</summary>
    public async Task<AgentState?> GetAgentAsync(string tenant, string agentId)
    {
        var keys = new RoutingKeys(tenant);
        var entries = await Db.HashGetAllAsync(keys.Agent(agentId)).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }

        var f = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
        var held = await Db.HashGetAllAsync(keys.AgentHoldings(agentId)).ConfigureAwait(false);
        int Int(string name) => f.TryGetValue(name, out var v) && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : 0;
        return new AgentState(
            agentId,
            EngineWords.ParseStatus(f.GetValueOrDefault("status")) ?? EngineAgentStatus.Offline,
            f.GetValueOrDefault("reason", ""),
            f.GetValueOrDefault("conn") == "1",
            f.GetValueOrDefault("node", ""),
            f.GetValueOrDefault("sess", ""),
            f.Where(e => e.Key.StartsWith("l:", StringComparison.Ordinal)).ToDictionary(e => e.Key[2..], e => int.Parse(e.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal),
            f.Where(e => e.Key.StartsWith("c:", StringComparison.Ordinal)).ToDictionary(e => e.Key[2..], e => int.Parse(e.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal),
            Int("tload"),
            Int("total"),
            held.ToDictionary(h => (string)h.Name!, h => (string)h.Value!, StringComparer.Ordinal));
    }

    private Task<TReply> RunAsync<TReply>(RedisScript script, RedisKey[] keys, RedisValue[] args, Func<RedisResult, TReply> decode, ScriptTags tags, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return script.RunAsync(Db, keys, args, decode, tags);
    }
}
