using System.Globalization;
using StackExchange.Redis;

namespace Routing.Testing;

/// <summary>
/// Moves one hash slot between primaries the way redis-cli --cluster reshard does, one step at a
/// time so a test can work against the slot while it moves: IMPORTING on the target, MIGRATING on
/// the source, the keys in batches (CLUSTER GETKEYSINSLOT + MIGRATE ... KEYS), then the new owner
/// announced to every node.
/// </summary>
public sealed class SlotMigration
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(10);

    private readonly RedisCluster _cluster;

    private SlotMigration(RedisCluster cluster, int slot, RedisClusterNode source, RedisClusterNode target)
    {
        _cluster = cluster;
        Slot = slot;
        Source = source;
        Target = target;
    }

    public int Slot { get; }

    public RedisClusterNode Source { get; }

    public RedisClusterNode Target { get; }

    /// <summary>Keys moved so far.</summary>
    public int Moved { get; private set; }

    /// <summary>Starts moving <paramref name="key"/>'s slot from the node serving it to another primary.</summary>
    public static async Task<SlotMigration> BeginAsync(RedisCluster cluster, RedisKey key)
    {
        var slot = await cluster.SlotAsync(key);
        var source = await cluster.OwnerAsync(key);
        var target = cluster.Nodes.First(n => n != source);
        await cluster.Server(target).ExecuteAsync("CLUSTER", "SETSLOT", slot, "IMPORTING", source.Id).WaitAsync(CommandTimeout);
        await cluster.Server(source).ExecuteAsync("CLUSTER", "SETSLOT", slot, "MIGRATING", target.Id).WaitAsync(CommandTimeout);
        return new SlotMigration(cluster, slot, source, target);
    }

    /// <summary>Moves up to <paramref name="batch"/> keys still on the source; returns how many (0: none left).</summary>
    /// <exception cref="RedisServerException">MIGRATE refused, e.g. BUSYKEY: the key also exists on the target.</exception>
    public Task<int> MoveBatchAsync(int batch) => MoveAsync(batch, replace: false);

    /// <summary>
    /// Moves every key still on the source, overwriting any copy on the target, so that a failed
    /// migration can still be finished and leave the shared cluster usable. Returns how many.
    /// </summary>
    public async Task<int> ForceMoveRemainingAsync()
    {
        var total = 0;
        for (int moved; (moved = await MoveAsync(100, replace: true)) > 0;)
        {
            total += moved;
        }

        return total;
    }

    private async Task<int> MoveAsync(int batch, bool replace)
    {
        var source = _cluster.Server(Source);
        var keys = (RedisResult[])(await source.ExecuteAsync("CLUSTER", "GETKEYSINSLOT", Slot, batch).WaitAsync(CommandTimeout))!;
        if (keys.Length == 0)
        {
            return 0;
        }

        var host = Target.EndPoint.Address.ToString();
        var port = Target.EndPoint.Port.ToString(CultureInfo.InvariantCulture);
        object[] args = [host, port, "", 0, 5000, .. replace ? new object[] { "REPLACE" } : [], "KEYS", .. keys.Select(k => (object)(string)k!)];
        await source.ExecuteAsync("MIGRATE", args).WaitAsync(CommandTimeout);
        Moved += keys.Length;
        return keys.Length;
    }

    /// <summary>Keys of the slot still on the source.</summary>
    public async Task<long> RemainingAsync() =>
        (long)await _cluster.Server(Source).ExecuteAsync("CLUSTER", "COUNTKEYSINSLOT", Slot).WaitAsync(CommandTimeout);

    /// <summary>The target owns the slot: told to the target first, then the source, then every other node.</summary>
    public async Task FinishAsync()
    {
        foreach (var node in new[] { Target, Source }.Concat(_cluster.Nodes.Where(n => n != Source && n != Target)))
        {
            await _cluster.Server(node).ExecuteAsync("CLUSTER", "SETSLOT", Slot, "NODE", Target.Id).WaitAsync(CommandTimeout);
        }
    }
}
