using System.Diagnostics;
using StackExchange.Redis;

namespace Routing.Benchmarks;

/// <summary>
/// Deletes every key of a tenant: SCAN for its prefix, UNLINK in batches (the memory is freed in
/// the background, so Redis stays responsive). Every key of a tenant shares one hash tag, so a
/// batch is one slot, as Redis Cluster requires.
/// </summary>
public sealed class TenantCleanup(IConnectionMultiplexer redis, IServer server, TextWriter output)
{
    private const int BatchSize = 1_000;
    private const int BatchesInFlight = 16;

    private long _deleted;

    public async Task<long> DeleteAsync(string prefix)
    {
        var db = redis.GetDatabase();
        var clock = Stopwatch.StartNew();
        using var progress = new Timer(_ => output.WriteLine($"  cleanup: {Interlocked.Read(ref _deleted):N0} keys unlinked"), null, 5_000, 5_000);

        // A second pass catches keys written while the first one scanned (there should be none).
        for (var pass = 0; pass < 3; pass++)
        {
            var before = Interlocked.Read(ref _deleted);
            var batch = new List<RedisKey>(BatchSize);
            var pending = new List<Task>();
            await foreach (var key in server.KeysAsync(db.Database, pattern: prefix + "*", pageSize: BatchSize))
            {
                batch.Add(key);
                if (batch.Count == BatchSize)
                {
                    pending.Add(UnlinkAsync(db, batch));
                    batch = new List<RedisKey>(BatchSize);
                    if (pending.Count >= BatchesInFlight)
                    {
                        await Task.WhenAll(pending);
                        pending.Clear();
                    }
                }
            }

            if (batch.Count > 0)
            {
                pending.Add(UnlinkAsync(db, batch));
            }

            await Task.WhenAll(pending);
            if (Interlocked.Read(ref _deleted) == before)
            {
                break;
            }
        }

        output.WriteLine($"cleanup: unlinked {_deleted:N0} keys with prefix {prefix} in {clock.Elapsed.TotalSeconds:F1} s");
        return _deleted;
    }

    private async Task UnlinkAsync(IDatabase db, List<RedisKey> keys)
    {
        var unlinked = (long)await db.ExecuteAsync("UNLINK", [.. keys.Select(k => (object)k)]);
        Interlocked.Add(ref _deleted, unlinked);
    }
}
