using System.Collections.Concurrent;
using System.Globalization;

namespace Routing.Crm;

/// <summary>
/// Bounds how much CRM work runs at once, and keeps blocking work off the thread pool.
/// Microsoft.Data.Sqlite has no asynchronous I/O: a statement waiting on a locked file blocks its
/// thread (for up to the command timeout). On thread-pool threads, a CRM that stops answering
/// starves every request of the server, health checks and Redis replies included. So blocking work
/// runs on a few dedicated threads, one per slot; a caller waits for a slot asynchronously, and
/// gives up while waiting without ever taking a thread.
/// </summary>
/// <remarks>
/// A slot is held until the work has really ended, not until its caller stopped waiting: the
/// number of threads blocked in the CRM never exceeds the concurrency.
/// </remarks>
internal sealed class CrmWorkGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly Lazy<BlockingCollection<Action>>? _dedicated;

    /// <param name="concurrency">Most pieces of work running at once.</param>
    /// <param name="blocking">Work blocks its thread: run it on <paramref name="concurrency"/> dedicated threads.</param>
    public CrmWorkGate(int concurrency, bool blocking)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrency, 1);
        Concurrency = concurrency;
        _slots = new SemaphoreSlim(concurrency, concurrency);
        if (blocking)
        {
            // Threads start on first use: a factory that never runs work (options checks, tests) costs none.
            _dedicated = new Lazy<BlockingCollection<Action>>(StartThreads, LazyThreadSafetyMode.ExecutionAndPublication);
        }
    }

    public int Concurrency { get; }

    public async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_dedicated is null)
            {
                return await work(cancellationToken).ConfigureAwait(false);
            }

            // Completed from a dedicated thread; the caller's continuation must not run on it.
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            _dedicated.Value.Add(() =>
            {
                try
                {
                    done.TrySetResult(work(cancellationToken).GetAwaiter().GetResult());
                }
                catch (OperationCanceledException ex)
                {
                    done.TrySetCanceled(ex.CancellationToken);
                }
                catch (Exception ex)
                {
                    done.TrySetException(ex);
                }
            }, CancellationToken.None);
            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose()
    {
        if (_dedicated is { IsValueCreated: true })
        {
            _dedicated.Value.CompleteAdding();
        }
    }

    private BlockingCollection<Action> StartThreads()
    {
        // Never more queued than slots, so every item finds a free thread at once.
        var queue = new BlockingCollection<Action>();
        for (var i = 0; i < Concurrency; i++)
        {
            var thread = new Thread(() =>
            {
                foreach (var item in queue.GetConsumingEnumerable())
                {
                    item();
                }
            })
            {
                IsBackground = true,
                Name = "crm-" + i.ToString(CultureInfo.InvariantCulture),
            };
            thread.Start();
        }

        return queue;
    }
}
