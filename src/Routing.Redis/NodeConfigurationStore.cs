using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// What each node of a tenant runs, for an operator watching a rollout: every node writes its
/// configuration version and hash and its desk count to the tenant's "ni" hash (one field per node);
/// the last heartbeat is the node's score in "nodes", which the sweeps keep. Also publishes a
/// node's queue strategies guarded by its configuration version (publish_strategies.lua).
/// </summary>
public sealed class NodeConfigurationStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Publishes the strategies unless Redis holds a newer version's (then nothing is written).</summary>
    public Task<StrategiesPublished> PublishStrategiesAsync(string tenant, long version, IReadOnlyDictionary<string, string> strategies) =>
        LuaScripts.PublishStrategies.RunAsync(Db, PublishStrategiesScript.Keys(tenant), PublishStrategiesScript.Args(version, strategies), PublishStrategiesScript.Decode, new ScriptTags(tenant));

    public Task WriteAsync(string tenant, NodeConfigurationRecord node) =>
        Db.HashSetAsync(new RoutingKeys(tenant).NodeInfo, node.Node, string.Join('|',
            node.Version.ToString(CultureInfo.InvariantCulture),
            node.Hash,
            node.AgentsConnected.ToString(CultureInfo.InvariantCulture),
            node.AppliedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            node.WrittenAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)));

    /// <summary>
    /// Forgets nodes that have not written their entry since <paramref name="before"/> (a node name
    /// with the process id changes with every restart, so old entries would pile up). One hash of a
    /// few fields per node, read whole: no scan.
    /// </summary>
    public async Task<int> ForgetSilentAsync(string tenant, DateTimeOffset before)
    {
        var key = new RoutingKeys(tenant).NodeInfo;
        var silent = (await Db.HashGetAllAsync(key).ConfigureAwait(false))
            .Where(e => ((string)e.Value!).Split('|') is { Length: >= 5 } parts && long.Parse(parts[4], CultureInfo.InvariantCulture) < before.ToUnixTimeMilliseconds())
            .Select(e => e.Name)
            .ToArray();
        return silent.Length == 0 ? 0 : (int)await Db.HashDeleteAsync(key, silent).ConfigureAwait(false);
    }

    /// <summary>Every node that wrote its configuration, with its last heartbeat; Alive is false once the sweeps declared it dead.</summary>
    public async Task<IReadOnlyList<NodeConfigurationRecord>> ReadAsync(string tenant)
    {
        var keys = new RoutingKeys(tenant);
        var infoTask = Db.HashGetAllAsync(keys.NodeInfo);
        var beatsTask = Db.SortedSetRangeByRankWithScoresAsync(keys.Nodes);
        await Task.WhenAll(infoTask, beatsTask).ConfigureAwait(false);
        var beats = (await beatsTask.ConfigureAwait(false)).ToDictionary(b => (string)b.Element!, b => (long)b.Score, StringComparer.Ordinal);
        var nodes = new List<NodeConfigurationRecord>();
        foreach (var entry in await infoTask.ConfigureAwait(false))
        {
            var parts = ((string)entry.Value!).Split('|');
            if (parts.Length < 5)
            {
                continue;
            }

            var node = (string)entry.Name!;
            var written = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[4], CultureInfo.InvariantCulture));
            nodes.Add(new NodeConfigurationRecord(
                node,
                long.Parse(parts[0], CultureInfo.InvariantCulture),
                parts[1],
                int.Parse(parts[2], CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[3], CultureInfo.InvariantCulture)),
                written)
            {
                LastHeartbeat = beats.TryGetValue(node, out var beat) ? DateTimeOffset.FromUnixTimeMilliseconds(beat) : null,
            });
        }

        return [.. nodes.OrderBy(n => n.Node, StringComparer.Ordinal)];
    }
}
