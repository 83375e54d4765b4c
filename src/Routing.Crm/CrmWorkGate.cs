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
/// number of threads blocked in the CRM never exceeds the concurrency. An idle CRM thread sleeps
/// on a kernel semaphore (<see cref="Semaphore"/>), which never spins: a BlockingCollection's
/// consumers spin in SemaphoreSlim (sched_yield) before they sleep, once per lookup: perf put 40% of
/// the CRM threads' samples there, and their CPU per Submit fell by a fifth without it.
/// </remarks>
internal sealed class CrmWorkGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<Action> _work = new();
    private readonly Lazy<Semaphore>? _dedicated;
    private volatile bool _completed;

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
            _dedicated = new Lazy<Semaphore>(StartThreads, LazyThreadSafetyMode.ExecutionAndPublication);
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
            Post(_dedicated.Value, () =>
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
            });
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
            // Work already queued still runs; then every thread wakes once more, finds the queue empty and ends.
            _completed = true;
            _dedicated.Value.Release(Concurrency);
        }
    }

    private void Post(Semaphore ready, Action item)
    {
        ObjectDisposedException.ThrowIf(_completed, this);
        _work.Enqueue(item);
        ready.Release();
    }

    private void Serve(Semaphore ready)
    {
        while (true)
        {
            ready.WaitOne();
            if (_work.TryDequeue(out var item))
            {
                item();
            }
            else if (_completed)
            {
                return;
            }
        }
    }

    private Semaphore StartThreads()
    {
        // Never more queued than slots, so every item finds a free thread at once. One release per
        // item, and Concurrency more at the end. Not disposed: the threads end on their own.
        var ready = new Semaphore(0, int.MaxValue);
        for (var i = 0; i < Concurrency; i++)
        {
            var thread = new Thread(() => Serve(ready))
            {
                IsBackground = true,
                Name = "crm-" + i.ToString(CultureInfo.InvariantCulture),
            };
            thread.Start();
        }

        return ready;
    }
}
