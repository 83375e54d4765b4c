using System.Globalization;
using System.Text.Json;
using Routing.Core.Agents;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>The outcome of one desk command: "ok" or an error code, what it returned, and the events to deliver.</summary>
public sealed record DeskOutcome(string Code, string Value, IReadOnlyList<RoutingEvent> Events)
{
    public bool Ok => Code == "ok";
}

/// <summary>The outcome of an agent's hello: the contacts it still holds, and the events to deliver.</summary>
public sealed record ConnectOutcome(IReadOnlyList<string> Resumed, IReadOnlyList<RoutingEvent> Events);

/// <summary>
/// Agent state, offers and matching in Redis. Every command is one Lua script (the engine's shared
/// functions are in Scripts/lib.lua), so each state change, with the matching it triggers, is
/// atomic; all keys of a call are in the tenant's hash slot. Costs are O(log N) in queue length.
/// </summary>
public sealed class RoutingEngineStore(IConnectionMultiplexer redis, EngineSettings settings)
{
    private readonly string _settings = settings.ToArgument();

    private IDatabase Db => redis.GetDatabase();

    public async Task<ConnectOutcome> ConnectAsync(string tenant, string node, string sessionId, AgentProfile profile, DateTimeOffset now)
    {
        var keys = new RoutingKeys(tenant);
        var args = new List<RedisValue>
        {
            keys.Prefix, Ms(now), node, _settings,
            profile.AgentId, sessionId, profile.DisplayName,
            string.Join(',', profile.Skills.Select(s => $"{s.Queue}:{s.Proficiency}:{(s.Primary ? 1 : 0)}")),
            profile.TotalCapacity,
            string.Join(',', profile.KeepOnDisconnect),
            profile.InitialStatus,
        };
        foreach (var (channel, max) in profile.Capacity)
        {
            args.Add("c:" + channel);
            args.Add(max);
        }

        foreach (var (channel, blocked) in profile.Blocks)
        {
            args.Add("b:" + channel);
            args.Add(string.Join(',', blocked));
        }

        var reply = await RunAsync(LuaScripts.Connect, keys.Agent(profile.AgentId), [.. args]).ConfigureAwait(false);
        var resumed = ((RedisResult[])reply[1]!).Select(r => (string)r!).ToList();
        return new ConnectOutcome(resumed, Events(reply[2]));
    }

    public Task<DeskOutcome> ChangeStatusAsync(string tenant, string node, string agentId, string sessionId, string status, string reason, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Status, tenant, node, agentId, now, sessionId, status, reason);

    public Task<DeskOutcome> AcceptAsync(string tenant, string node, string agentId, string sessionId, string offerId, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Accept, tenant, node, agentId, now, sessionId, offerId);

    public Task<DeskOutcome> DeclineAsync(string tenant, string node, string agentId, string sessionId, string offerId, string reason, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Decline, tenant, node, agentId, now, sessionId, offerId, reason);

    /// <summary>Completes an assigned contact; the value is when the agent's wrap-up ends (Unix ms).</summary>
    public Task<DeskOutcome> CompleteAsync(string tenant, string node, string agentId, string sessionId, string contactId, string disposition, string notes, bool skipWrapUp, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Complete, tenant, node, agentId, now, sessionId, contactId, disposition, notes, skipWrapUp ? 1 : 0);

    public Task<DeskOutcome> TransferAsync(string tenant, string node, string agentId, string sessionId, string contactId, string? queue, string? targetAgent, string note, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Transfer, tenant, node, agentId, now, sessionId, contactId, queue ?? "", targetAgent ?? "", note);

    /// <summary>The session's stream ended. A session that is no longer the agent's live one changes nothing.</summary>
    public Task<DeskOutcome> DisconnectAsync(string tenant, string node, string agentId, string sessionId, DateTimeOffset now) =>
        DeskAsync(LuaScripts.Disconnect, tenant, node, agentId, now, sessionId);

    /// <summary>One sweeper pass: expired offers, affinity waits, wrap-ups, reconnect graces, dead nodes.</summary>
    public async Task<(int Processed, IReadOnlyList<RoutingEvent> Events)> SweepAsync(string tenant, string node, int batch, TimeSpan nodeTimeout, DateTimeOffset now)
    {
        var keys = new RoutingKeys(tenant);
        var reply = await RunAsync(LuaScripts.Sweep, keys.OfferExpiries, [keys.Prefix, Ms(now), node, _settings, batch, (long)nodeTimeout.TotalMilliseconds]).ConfigureAwait(false);
        return ((int)reply[0], Events(reply[1]));
    }

    /// <summary>Claims completed contacts due for CRM write-back, leasing them for <paramref name="lease"/>.</summary>
    public async Task<IReadOnlyList<string>> ClaimWriteBackAsync(string tenant, int batch, TimeSpan lease, DateTimeOffset now)
    {
        var keys = new RoutingKeys(tenant);
        var reply = (RedisResult[])(await LuaScripts.ClaimWriteBack.EvaluateAsync(Db, [keys.WriteBack], [Ms(now), (long)lease.TotalMilliseconds, batch]).ConfigureAwait(false))!;
        return [.. reply.Select(r => (string)r!)];
    }

    /// <summary>The contact is in the CRM: it leaves the write-back set.</summary>
    public Task ConfirmWriteBackAsync(string tenant, string contactId) =>
        Db.SortedSetRemoveAsync(new RoutingKeys(tenant).WriteBack, contactId);

    /// <summary>The CRM write failed: try again after <paramref name="retryAt"/>.</summary>
    public Task RetryWriteBackAsync(string tenant, string contactId, DateTimeOffset retryAt) =>
        Db.SortedSetAddAsync(new RoutingKeys(tenant).WriteBack, contactId, Ms(retryAt));

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
            f.GetValueOrDefault("status", ""),
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

    private Task<DeskOutcome> DeskAsync(RedisScript script, string tenant, string node, string agentId, DateTimeOffset now, params RedisValue[] rest)
    {
        var keys = new RoutingKeys(tenant);
        RedisValue[] args = [keys.Prefix, Ms(now), node, _settings, agentId, .. rest];
        return Run(script, keys.Agent(agentId), args);

        async Task<DeskOutcome> Run(RedisScript s, RedisKey key, RedisValue[] a)
        {
            var reply = await RunAsync(s, key, a).ConfigureAwait(false);
            return reply.Length == 3
                ? new DeskOutcome((string)reply[0]!, (string)reply[1]!, Events(reply[2]))
                : new DeskOutcome((string)reply[0]!, "", Events(reply[1]));
        }
    }

    private async Task<RedisResult[]> RunAsync(RedisScript script, RedisKey routingKey, RedisValue[] args) =>
        (RedisResult[])(await script.EvaluateAsync(Db, [routingKey], args).ConfigureAwait(false))!;

    internal static IReadOnlyList<RoutingEvent> Events(RedisResult result)
    {
        var items = (RedisResult[])result!;
        if (items.Length == 0)
        {
            return [];
        }

        return [.. items.Select(e => RoutingEvent.FromScript((RedisResult[])e!))];
    }

    internal static long Ms(DateTimeOffset at) => at.ToUnixTimeMilliseconds();

    internal static string Json(TimelineEntry entry) => JsonSerializer.Serialize(entry, RedisJsonContext.Default.TimelineEntry);
}

/// <summary>An agent as the engine holds it: status, connection, load and capacity per channel, held contacts ("o|ch", "a|ch", "w|ch").</summary>
public sealed record AgentState(
    string AgentId,
    string Status,
    string Reason,
    bool Connected,
    string Node,
    string Session,
    IReadOnlyDictionary<string, int> Load,
    IReadOnlyDictionary<string, int> Capacity,
    int TotalLoad,
    int TotalCapacity,
    IReadOnlyDictionary<string, string> Holdings);
