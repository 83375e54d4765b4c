using System.Globalization;
using System.Text.Json;
using Routing.Core.Privacy;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Each queue's longest-waiting contacts, read without scanning contacts: the first
/// <c>count</c> of "q:{queue}" (everyone waiting, held ones included) and of each waiting channel's
/// "q:{queue}:{channel}" (their scores mix priority and time, so the oldest of a channel is near its
/// head), plus the contacts offered right now (from the agents' holdings, bounded by the agents'
/// capacity); their contact hashes in one pipelined round trip; the oldest <c>count</c> per queue. A
/// contact shows under every queue whose line holds it, an offered one under its own queue.
/// </summary>
public static class LongestWaitingReader
{
    private static readonly RedisValue[] Fields =
        ["queue", "ch", "enq", "prio", "from", "crm", "state", "oagent", "aff", "thread", "crmv"];

    public static async Task ReadAsync(IDatabase db, RoutingKeys keys, IReadOnlyDictionary<string, QueueFigures> queues, IEnumerable<AgentFigures> agents, int count)
    {
        if (count <= 0 || queues.Count == 0)
        {
            return;
        }

        // Each contact is listed under the queues whose line holds it (a contact may wait in more than
        // its own queue), and an offered one under its own queue.
        var heads = new List<(string Queue, Task<RedisValue[]> Head)>();
        foreach (var q in queues.Values.Where(q => q.Total.Waiting > 0))
        {
            heads.Add((q.Queue, db.SortedSetRangeByRankAsync(keys.Queue(q.Queue), 0, count - 1)));
            heads.AddRange(q.Channels.Values.Where(c => c.Waiting > 0).Select(c => (q.Queue, db.SortedSetRangeByRankAsync(keys.QueueChannel(q.Queue, c.Channel), 0, count - 1))));
        }

        await Task.WhenAll(heads.Select(h => h.Head)).ConfigureAwait(false);
        var lines = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (queue, head) in heads)
        {
            foreach (var id in head.Result.Select(v => (string)v!))
            {
                if (!lines.TryGetValue(id, out var of))
                {
                    lines[id] = of = new HashSet<string>(StringComparer.Ordinal);
                }

                of.Add(queue);
            }
        }

        foreach (var id in agents.SelectMany(a => a.Holdings).Where(h => h.Value == 'o').Select(h => h.Key))
        {
            lines.TryAdd(id, new HashSet<string>(StringComparer.Ordinal));
        }

        if (lines.Count == 0)
        {
            return;
        }

        var list = lines.Keys.ToList();
        var reads = list.Select(id => db.HashGetAsync(keys.Contact(id), Fields)).ToArray();
        await Task.WhenAll(reads).ConfigureAwait(false);

        // The CRM snapshots the contacts name (ContactHash), in a second pipelined round trip.
        var snapshots = new Dictionary<RedisKey, Task<RedisValue>>();
        foreach (var f in reads.Select(r => r.Result))
        {
            if (ContactHash.SnapshotKey(keys, (string?)f[5], (string?)f[9], (string?)f[10]) is { } key && !snapshots.ContainsKey(key))
            {
                snapshots[key] = db.StringGetAsync(key);
            }
        }

        await Task.WhenAll(snapshots.Values).ConfigureAwait(false);
        foreach (var f in reads.Select(r => r.Result))
        {
            if (ContactHash.SnapshotKey(keys, (string?)f[5], (string?)f[9], (string?)f[10]) is { } key)
            {
                f[5] = snapshots[key].Result;
            }
        }
        var found = new List<(string Queue, WaitingContactFigures Contact)>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (Parse(list[i], reads[i].Result) is not { } contact)
            {
                continue;
            }

            var of = lines[list[i]];
            if (of.Count == 0)
            {
                of.Add(contact.Queue);
            }

            found.AddRange(of.Where(queues.ContainsKey).Select(q => (q, contact)));
        }

        foreach (var group in found.GroupBy(c => c.Queue, StringComparer.Ordinal))
        {
            queues[group.Key].LongestWaiting.AddRange(group.Select(c => c.Contact).OrderBy(c => c.QueuedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).Take(count));
        }
    }

    /// <summary>A contact still waiting (queued or offered); null for one that moved on between the two reads.</summary>
    private static WaitingContactFigures? Parse(string id, RedisValue[] f)
    {
        var state = (string?)f[6];
        if (state is not ("queued" or "offered") || !long.TryParse((string?)f[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var enqueued))
        {
            return null;
        }

        var (name, tier) = Customer((string?)f[5]);
        return new WaitingContactFigures(
            id,
            (string?)f[0] ?? "",
            (string?)f[1] ?? "",
            DateTimeOffset.FromUnixTimeMilliseconds(enqueued),
            int.TryParse((string?)f[3], NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority) ? priority : 0,
            name.Length > 0 ? name : PersonalData.MaskAddress((string?)f[4]),
            tier,
            state == "offered" ? (string?)f[7] ?? "" : "",
            state == "queued" ? (string?)f[8] ?? "" : "");
    }

    private static (string Name, string Tier) Customer(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return ("", "");
        }

        try
        {
            var context = JsonSerializer.Deserialize(json, RedisJsonContext.Default.CustomerContext);
            return context is { Known: true } ? (context.DisplayName, context.Tier) : ("", "");
        }
        catch (JsonException)
        {
            return ("", "");
        }
    }
}
