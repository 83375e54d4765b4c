namespace Routing.Crm.Tests;

/// <summary>Blocking CRM work: bounded, off the thread pool, and a caller can give up while it waits for a slot.</summary>
public sealed class CrmWorkGateTests
{
    [Fact]
    public async Task RunAsync_MoreBlockingCallsThanSlots_RunAtMostConcurrencyAtOnceOffThePool()
    {
        using var gate = new CrmWorkGate(concurrency: 2, blocking: true);
        using var release = new ManualResetEventSlim();
        var running = 0;
        var most = 0;
        var onPool = 0;

        var calls = Enumerable.Range(0, 6).Select(_ => gate.RunAsync(_ =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref most, now);
            if (Thread.CurrentThread.IsThreadPoolThread)
            {
                Interlocked.Increment(ref onPool);
            }

            release.Wait(Timeouts.Test, CancellationToken.None);
            Interlocked.Decrement(ref running);
            return Task.FromResult(now);
        }, CancellationToken.None)).ToList();

        await Task.Delay(200);
        Assert.Equal(2, Volatile.Read(ref running));
        release.Set();
        await Task.WhenAll(calls).WaitAsync(Timeouts.Test);

        Assert.Equal(2, most);
        Assert.Equal(0, onPool);
    }

    [Fact]
    public async Task RunAsync_CallerGivesUpWhileEverySlotIsBlocked_IsCancelledAndItsWorkNeverRuns()
    {
        using var gate = new CrmWorkGate(concurrency: 1, blocking: true);
        using var release = new ManualResetEventSlim();
        var blocked = gate.RunAsync(_ => Task.FromResult(release.Wait(Timeouts.Test, CancellationToken.None)), CancellationToken.None);
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var ran = false;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gate.RunAsync(_ => Task.FromResult(ran = true), caller.Token)).WaitAsync(Timeouts.Test);

        release.Set();
        Assert.True(await blocked.WaitAsync(Timeouts.Test));
        Assert.False(ran);
    }

    [Fact]
    public async Task Dispose_WhileWorkRuns_LetsItFinish_ThenRefusesNewWork()
    {
        var gate = new CrmWorkGate(concurrency: 1, blocking: true);
        using var release = new ManualResetEventSlim();
        var running = gate.RunAsync(_ => Task.FromResult(release.Wait(Timeouts.Test, CancellationToken.None)), CancellationToken.None);
        await Task.Delay(100);

        gate.Dispose();
        release.Set();

        Assert.True(await running.WaitAsync(Timeouts.Test));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => gate.RunAsync(_ => Task.FromResult(1), CancellationToken.None)).WaitAsync(Timeouts.Test);
    }

    [Fact]
    public async Task RunAsync_ManyShortPiecesOfWork_EachRunsOnceOnACrmThread()
    {
        using var gate = new CrmWorkGate(concurrency: 4, blocking: true);
        var ran = new int[2_000];
        var offThread = 0;

        await Task.WhenAll(Enumerable.Range(0, ran.Length).Select(i => gate.RunAsync(_ =>
        {
            Interlocked.Increment(ref ran[i]);
            if (Thread.CurrentThread.Name?.StartsWith("crm-", StringComparison.Ordinal) != true)
            {
                Interlocked.Increment(ref offThread);
            }

            return Task.FromResult(i);
        }, CancellationToken.None))).WaitAsync(Timeouts.Test);

        Assert.All(ran, count => Assert.Equal(1, count));
        Assert.Equal(0, offThread);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, seen) == seen)
            {
                return;
            }
        }
    }
}
