using System.Collections.Concurrent;
using Routing.Server.Tenants;

namespace Routing.Server.UnitTests;

public sealed class TenantRoundsTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(20);

    [Fact]
    public async Task RunAsync_OneTenantsTurnHangs_TheOthersTakeEveryRound_AndItIsNotStartedAgainUntilItEnds()
    {
        var rounds = new TenantRounds(maxParallel: 4);
        var turns = new ConcurrentDictionary<string, int>();
        var hung = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task Turn(string tenant)
        {
            turns.AddOrUpdate(tenant, 1, (_, n) => n + 1);
            return tenant == "slow" ? hung.Task : Task.CompletedTask;
        }

        for (var i = 0; i < 5; i++)
        {
            await rounds.RunAsync(["slow", "a", "b"], Turn, Wait, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.Equal((1, 5, 5), (turns["slow"], turns["a"], turns["b"]));
        hung.SetResult();
        await rounds.DrainAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await rounds.RunAsync(["slow", "a", "b"], Turn, Wait, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((2, 6, 6), (turns["slow"], turns["a"], turns["b"]));
    }

    [Fact]
    public async Task RunAsync_MoreTenantsThanSlots_NoMoreTurnsRunAtOnce()
    {
        var rounds = new TenantRounds(maxParallel: 2);
        var running = 0;
        var most = 0;
        async Task Turn(string tenant)
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            await Task.Delay(5);
            Interlocked.Decrement(ref running);
        }

        await rounds.RunAsync([.. Enumerable.Range(0, 20).Select(i => $"t{i}")], Turn, TimeSpan.FromSeconds(10), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while ((seen = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
