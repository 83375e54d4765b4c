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
/// capacity); their contact hashes in one pipelined round trip; the oldest <c>count</c> per queue.
/// </summary>
public static class LongestWaitingReader
{
    private static readonly RedisValue[] Fields =
        ["queue", "ch", "enq", "prio", "from", "crm", "state", "oagent", "aff"];

    public static async Task ReadAsync(IDatabase db, RoutingKeys keys, IReadOnlyDictionary<string, QueueFigures> queues, IEnumerable<AgentFigures> agents, int count)
    {
        if (count <= 0 || queues.Count == 0)
        {
            return;
        }

        var heads = new List<Task<RedisValue[]>>();
        foreach (var q in queues.Values.Where(q => q.Total.Waiting > 0))
        {
            heads.Add(db.SortedSetRangeByRankAsync(keys.Queue(q.Queue), 0, count - 1));
            heads.AddRange(q.Channels.Values.Where(c => c.Waiting > 0).Select(c => db.SortedSetRangeByRankAsync(keys.QueueChannel(q.Queue, c.Channel), 0, count - 1)));
        }

        await Task.WhenAll(heads).ConfigureAwait(false);
        var ids = new HashSet<string>(heads.SelectMany(h => h.Result).Select(v => (string)v!), StringComparer.Ordinal);
        ids.UnionWith(agents.SelectMany(a => a.Holdings).Where(h => h.Value == 'o').Select(h => h.Key));
        if (ids.Count == 0)
        {
            return;
        }

        var list = ids.ToList();
        var reads = list.Select(id => db.HashGetAsync(keys.Contact(id), Fields)).ToArray();
        await Task.WhenAll(reads).ConfigureAwait(false);
        var found = new List<WaitingContactFigures>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (Parse(list[i], reads[i].Result) is { } contact && queues.ContainsKey(contact.Queue))
            {
                found.Add(contact);
            }
        }

        foreach (var group in found.GroupBy(c => c.Queue, StringComparer.Ordinal))
        {
            queues[group.Key].LongestWaiting.AddRange(group.OrderBy(c => c.QueuedAt).ThenBy(c => c.ContactId, StringComparer.Ordinal).Take(count));
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
