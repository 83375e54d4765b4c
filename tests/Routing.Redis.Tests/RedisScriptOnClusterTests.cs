using System.Diagnostics;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>
/// What a real Redis Cluster does to a script whose slot is migrating, and how
/// <see cref="RedisScript"/> copes. The "fence" is a declared key that never exists
/// (routing:{tenant}:fence): with it, Redis refuses the script before it runs for as long as the
/// slot is MIGRATING or IMPORTING, so no script can run half on one node.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class RedisScriptOnClusterTests(RedisClusterFixture fixture)
{
    private const string Increment = "redis.call('INCR', KEYS[1]); return redis.call('GET', KEYS[1])";

    private readonly RedisCluster _cluster = fixture.Cluster;
    private readonly RoutingKeys _keys = new(TestTenant.New());

    private IDatabase Db => fixture.Connection.GetDatabase();

    private RedisKey Fence => _keys.Prefix + "fence";

    [Fact]
    public async Task ScriptEvaluate_SlotMigrating_FencedScriptIsRefusedBeforeRunning_UnfencedOneWritesHalf()
    {
        RedisKey present = _keys.Prefix + "present";
        RedisKey missing = _keys.Prefix + "missing";
        RedisKey undeclared = _keys.Prefix + "undeclared";
        await Db.StringSetAsync(present, 10).WaitAsync(TestTimeout.Short);
        var migration = await SlotMigration.BeginAsync(_cluster, present);
        try
        {
            // Source, a declared key it holds and the missing fence: TRYAGAIN, nothing ran.
            var tryAgain = await Assert.ThrowsAsync<RedisServerException>(() => Db.ScriptEvaluateAsync(Increment, [present, Fence]).WaitAsync(TestTimeout.Short));
            Assert.StartsWith("TRYAGAIN", tryAgain.Message, StringComparison.Ordinal);

            // No declared key on the source: it answers ASK, StackExchange.Redis follows it with
            // ASKING to the importing node, which answers TRYAGAIN (some declared keys are missing).
            var asked = await Assert.ThrowsAsync<RedisServerException>(() => Db.ScriptEvaluateAsync(Increment, [missing, Fence]).WaitAsync(TestTimeout.Short));
            Assert.StartsWith("TRYAGAIN", asked.Message, StringComparison.Ordinal);
            Assert.Equal(0, await KeyCountAsync(migration.Target));
            Assert.Equal(10, (int)await Db.StringGetAsync(present).WaitAsync(TestTimeout.Short));

            // Without the fence, a script declaring only the key it holds runs on the source, and a
            // write to an undeclared key of the migrating slot that the source lacks fails mid-script:
            // the first write stays (a partial write).
            var partial = await Assert.ThrowsAsync<RedisServerException>(() => Db.ScriptEvaluateAsync(
                $"redis.call('INCR', KEYS[1]); redis.call('SET', '{undeclared}', 1); return 1",
                [present]).WaitAsync(TestTimeout.Short));
            Assert.Contains("non local key", partial.Message, StringComparison.Ordinal);
            Assert.Equal(11, (int)await Db.StringGetAsync(present).WaitAsync(TestTimeout.Short));
        }
        finally
        {
            while (await migration.MoveBatchAsync(100) > 0)
            {
            }

            await migration.FinishAsync();
        }

        Assert.Equal("12", (string?)await Db.ScriptEvaluateAsync(Increment, [present, Fence]).WaitAsync(TestTimeout.Short));
        Assert.Equal(migration.Target, await _cluster.OwnerAsync(present));
    }

    [Fact]
    public async Task EvaluateAsync_FencedScriptDuringSlotMigration_RetriesUntilTheSlotHasMovedThenRunsOnce()
    {
        RedisKey counter = _keys.Prefix + "counter";
        await Db.StringSetAsync(counter, 0).WaitAsync(TestTimeout.Short);
        var script = new RedisScript("increment", LuaSource.Assemble("increment", _ => Increment));
        var migration = await SlotMigration.BeginAsync(_cluster, counter);
        var watch = Stopwatch.StartNew();

        var running = script.EvaluateAsync(Db, [counter, Fence], []);
        await Task.Delay(300);
        Assert.False(running.IsCompleted, "the script ran while its slot was migrating");
        Assert.Equal(0, (int)await Db.StringGetAsync(counter).WaitAsync(TestTimeout.Short));
        while (await migration.MoveBatchAsync(100) > 0)
        {
        }

        await migration.FinishAsync();

        Assert.Equal("1", (string?)await running.WaitAsync(TestTimeout.Short));
        Assert.True(watch.Elapsed >= TimeSpan.FromMilliseconds(300));
        Assert.Equal(1, (int)await Db.StringGetAsync(counter).WaitAsync(TestTimeout.Short));
        Assert.Equal(migration.Target, await _cluster.OwnerAsync(counter));
    }

    private async Task<int> KeyCountAsync(RedisClusterNode node)
    {
        var count = 0;
        await foreach (var _ in _cluster.Server(node).KeysAsync(pattern: _keys.Prefix + "*").WithCancellation(CancellationToken.None))
        {
            count++;
        }

        return count;
    }
}
