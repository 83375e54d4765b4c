using System.Collections.Concurrent;

namespace Routing.Server.Tenants;

/// <summary>
/// Runs a background loop's work for every active tenant, round after round, keeping tenants apart:
/// each tenant's turn is its own task, so one that fails or is slow (its Redis shard migrating or
/// down) only skips its own next turns while the others go on; at most <c>maxParallel</c> turns run
/// at once; and each turn is bounded by the loop itself (so many batches, then the next round).
/// Not thread-safe: one loop drives it.
/// </summary>
public sealed class TenantRounds(int maxParallel)
{
    private readonly ConcurrentDictionary<string, Task> _turns = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _slots = new(maxParallel, maxParallel);

    /// <summary>
    /// Starts the turn of every tenant whose previous turn has ended, and waits for those turns up to
    /// <paramref name="wait"/>: a round waits for the quick tenants, never for a slow one.
    /// <paramref name="turn"/> must not throw (it records its own failures).
    /// </summary>
    public async Task RunAsync(IEnumerable<string> tenants, Func<string, Task> turn, TimeSpan wait, CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        foreach (var tenant in tenants)
        {
            if (_turns.TryGetValue(tenant, out var previous) && !previous.IsCompleted)
            {
                continue;
            }

            var next = TakeTurnAsync(tenant, turn, cancellationToken);
            _turns[tenant] = next;
            started.Add(next);
        }

        try
        {
            await Task.WhenAll(started).WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A slow tenant: its turn goes on, and it sits out the rounds until it ends.
        }
    }

    /// <summary>Waits for the turns still running (the host is stopping; they observe its token).</summary>
    public Task DrainAsync() => Task.WhenAll(_turns.Values);

    private async Task TakeTurnAsync(string tenant, Func<string, Task> turn, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await turn(tenant).ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }
}
