using System.Globalization;
using System.Text.Json;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Reads a tenant's dead letters, "dl:{queue}" (the engine flags and clears them:
/// Scripts/includes/deadletter.lua). Reads only, pipelined; at most <c>limit</c> per queue.
/// </summary>
public sealed class DeadLetterStore(IConnectionMultiplexer redis)
{
    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string tenant, string? queue, int limit, CancellationToken cancellationToken)
    {
        var keys = new RoutingKeys(tenant);
        var db = redis.GetDatabase();
        var queues = string.IsNullOrEmpty(queue)
            ? (await db.SetMembersAsync(keys.QueueNames).WaitAsync(cancellationToken).ConfigureAwait(false)).Select(v => (string)v!).Order(StringComparer.Ordinal).ToList()
            : [queue];
        var flagged = queues.Select(q => db.SortedSetRangeByRankAsync(keys.DeadLetters(q), 0, limit - 1)).ToArray();
        await Task.WhenAll(flagged).WaitAsync(cancellationToken).ConfigureAwait(false);

        RedisValue[] fields = [ContactFields.Queue, ContactFields.Channel, ContactFields.Skills, ContactFields.EnqueuedAt, ContactFields.DeadLetteredAt, ContactFields.DeadLetterWhy, ContactFields.State];
        var ids = flagged.SelectMany(f => f.Result).Select(v => (string)v!).ToList();
        var reads = ids.Select(id => db.HashGetAsync(keys.Contact(id), fields)).ToArray();
        await Task.WhenAll(reads).WaitAsync(cancellationToken).ConfigureAwait(false);

        var list = new List<DeadLetter>(ids.Count);
        for (var i = 0; i < ids.Count; i++)
        {
            var f = reads[i].Result;
            if (f[6].IsNull || f[4].IsNull)
            {
                continue; // erased or cleared since the list was read
            }

            list.Add(new DeadLetter(
                ids[i],
                (string)f[0]!,
                (string)f[1]!,
                JsonSerializer.Deserialize((string?)f[2] ?? "[]", RedisJsonContext.Default.ListString) ?? [],
                Ms(f[3]),
                Ms(f[4]),
                (string?)f[5] ?? ""));
        }

        return list;
    }

    /// <summary>How many dead letters each queue holds.</summary>
    public static Task<long> CountAsync(IDatabaseAsync db, RoutingKeys keys, string queue) => db.SortedSetLengthAsync(keys.DeadLetters(queue));

    private static DateTimeOffset Ms(RedisValue value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(long.TryParse((string?)value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms) ? ms : 0);
}
