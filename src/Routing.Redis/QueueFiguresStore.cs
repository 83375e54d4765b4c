using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// Reads a tenant's queue figures for supervisors (reads only: the engine scripts keep the figures,
/// Scripts/includes/figures.lua). The windows sum the minute buckets (last 15 min, last hour) and the
/// quarter-hour buckets since the tenant's midnight (today); waiting per channel is "qw:{queue}", the
/// oldest wait the enqueue time of the head of "q:{queue}" (and of "q:{queue}:{channel}"). Agents are
/// read from the set of agents that ever connected. Every read of one call is pipelined.
/// </summary>
public sealed class QueueFiguresStore(IConnectionMultiplexer redis)
{
    private const long Minute = 60_000;
    private const long Quarter = 900_000;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// The figures of the named queues (every queue of the tenant when empty), and its agents when asked;
    /// with <paramref name="longestWaiting"/> &gt; 0, that many of each queue's longest-waiting contacts.
    /// </summary>
    public async Task<(IReadOnlyList<QueueFigures> Queues, IReadOnlyList<AgentFigures> Agents)> ReadAsync(
        string tenant, IReadOnlyCollection<string> queues, bool includeAgents, TimeZoneInfo zone, DateTimeOffset now, int longestWaiting = 0)
    {
        var keys = new RoutingKeys(tenant);
        var db = Db;
        var names = queues.Count > 0
            ? queues.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList()
            : (await db.SetMembersAsync(keys.QueueNames).ConfigureAwait(false)).Select(v => (string)v!).Order(StringComparer.Ordinal).ToList();
        var nowMs = now.ToUnixTimeMilliseconds();
        var minute = nowMs / Minute;
        var (firstQuarter, minutesToday) = Today(zone, now);

        var minuteReads = Enumerable.Range(0, 60).Select(i => db.HashGetAllAsync(keys.MinuteFigures(Bucket(minute - i)))).ToArray();
        var quarterReads = new List<Task<HashEntry[]>>();
        for (var q = firstQuarter; q <= nowMs / Quarter; q++)
        {
            quarterReads.Add(db.HashGetAllAsync(keys.QuarterFigures(Bucket(q))));
        }

        var waitingReads = names.Select(n => db.HashGetAllAsync(keys.QueueWaiting(n))).ToArray();
        var headReads = names.Select(n => db.SortedSetRangeByRankAsync(keys.Queue(n), 0, 0)).ToArray();
        var agentsRead = db.SetMembersAsync(keys.Agents);
        var deadLetterReads = names.Select(n => DeadLetterStore.CountAsync(db, keys, n)).ToArray();
        await Task.WhenAll([.. minuteReads, .. quarterReads, .. waitingReads, .. headReads, agentsRead, .. deadLetterReads]).ConfigureAwait(false);

        var byName = new Dictionary<string, QueueFigures>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            byName[name] = new QueueFigures(name) { Total = { MinutesToday = minutesToday } };
        }

        for (var i = 0; i < names.Count; i++)
        {
            byName[names[i]].DeadLetters = deadLetterReads[i].Result;
        }

        ChannelFigures? Figures(string queue, string channel)
        {
            if (!byName.TryGetValue(queue, out var q))
            {
                return null;
            }

            if (!q.Channels.TryGetValue(channel, out var c))
            {
                q.Channels[channel] = c = new ChannelFigures(channel) { MinutesToday = minutesToday };
            }

            return c;
        }

        for (var i = 0; i < minuteReads.Length; i++)
        {
            foreach (var (queue, figure, channel, value) in Parse(minuteReads[i].Result))
            {
                if (channel.Length == 0 || Figures(queue, channel) is not { } c)
                {
                    continue;
                }

                c.LastHour.Add(figure, value);
                byName[queue].Total.LastHour.Add(figure, value);
                if (i < 15)
                {
                    c.Last15Minutes.Add(figure, value);
                    byName[queue].Total.Last15Minutes.Add(figure, value);
                }
            }
        }

        foreach (var read in quarterReads)
        {
            foreach (var (queue, figure, channel, value) in Parse(read.Result))
            {
                if (channel.Length > 0 && Figures(queue, channel) is { } c)
                {
                    c.Today.Add(figure, value);
                    byName[queue].Total.Today.Add(figure, value);
                }
            }
        }

        // Waiting now, and the enqueue times of the heads of line (the queue's and each channel's).
        var channelHeads = new List<(ChannelFigures Figures, Task<RedisValue[]> Head)>();
        for (var i = 0; i < names.Count; i++)
        {
            foreach (var entry in waitingReads[i].Result)
            {
                if (Figures(names[i], (string)entry.Name!) is { } c)
                {
                    c.Waiting = Math.Max(0, (long)entry.Value);
                    byName[names[i]].Total.Waiting += c.Waiting;
                    if (c.Waiting > 0)
                    {
                        channelHeads.Add((c, db.SortedSetRangeByRankAsync(keys.QueueChannel(names[i], c.Channel), 0, 0)));
                    }
                }
            }

            channelHeads.Add((byName[names[i]].Total, headReads[i]));
        }

        await Task.WhenAll(channelHeads.Select(h => h.Head)).ConfigureAwait(false);
        var enqueued = channelHeads.Select(h => h.Head.Result is [var id, ..] ? db.HashGetAsync(keys.Contact(id!), ContactFields.EnqueuedAt) : Task.FromResult(RedisValue.Null)).ToArray();
        await Task.WhenAll(enqueued).ConfigureAwait(false);
        for (var i = 0; i < channelHeads.Count; i++)
        {
            if (long.TryParse((string?)enqueued[i].Result, NumberStyles.Integer, CultureInfo.InvariantCulture, out var at))
            {
                channelHeads[i].Figures.OldestWait = TimeSpan.FromMilliseconds(Math.Max(0, nowMs - at));
            }
        }

        var agents = await ReadAgentsAsync(db, keys, agentsRead.Result).ConfigureAwait(false);
        foreach (var agent in agents.Where(a => a.Connected && a.Status != EngineAgentStatus.Offline))
        {
            foreach (var queue in agent.Queues)
            {
                if (!byName.TryGetValue(queue, out var q))
                {
                    continue;
                }

                if (agent.IsBusy) { q.AgentsBusy++; }
                else if (agent.IsWrapUp) { q.AgentsWrapUp++; }
                else if (agent.Status == EngineAgentStatus.Away && agent.ReasonKind == "wrap_up") { q.AgentsWrapUp++; }
                else if (agent.Status == EngineAgentStatus.Away)
                {
                    q.AgentsAway++;
                    q.AgentsAwayByReason[agent.Reason] = q.AgentsAwayByReason.GetValueOrDefault(agent.Reason) + 1;
                }
                else if (agent.IsIdle) { q.AgentsAvailable++; }
            }
        }

        await LongestWaitingReader.ReadAsync(db, keys, byName, agents, longestWaiting).ConfigureAwait(false);
        var watched = includeAgents
            ? agents.Where(a => queues.Count == 0 || a.Queues.Any(byName.ContainsKey)).ToList()
            : [];
        return ([.. names.Select(n => byName[n])], watched);
    }

    /// <summary>The queue's contacts answered per window, for the Submit receipt's estimate (one field per bucket, read only as far as needed).</summary>
    public async Task<TimeSpan?> EstimateWaitAsync(string tenant, string queue, long position, TimeZoneInfo zone, DateTimeOffset now)
    {
        if (position <= 0)
        {
            return null;
        }

        return (await WaitBasisAsync(tenant, queue, zone, now).ConfigureAwait(false)).Estimate(position);
    }

    /// <summary>
    /// What a wait estimate of <paramref name="queue"/> is made of, whatever the position: read once
    /// for every contact of a SubmitStream batch bound for the same queue (it costs up to 156 HGETs).
    /// </summary>
    public async Task<WaitBasis> WaitBasisAsync(string tenant, string queue, TimeZoneInfo zone, DateTimeOffset now)
    {
        var keys = new RoutingKeys(tenant);
        var db = Db;
        var field = queue + "|asg|";
        var minute = now.ToUnixTimeMilliseconds() / Minute;
        async Task<long> SumAsync(IEnumerable<RedisKey> buckets) =>
            (await Task.WhenAll(buckets.Select(k => db.HashGetAsync(k, field))).ConfigureAwait(false)).Sum(v => (long?)v ?? 0);

        var last15 = await SumAsync(Enumerable.Range(0, 15).Select(i => keys.MinuteFigures(Bucket(minute - i)))).ConfigureAwait(false);
        if (last15 > 0)
        {
            return new WaitBasis(last15, 0, 0, 0);
        }

        var hour = await SumAsync(Enumerable.Range(15, 45).Select(i => keys.MinuteFigures(Bucket(minute - i)))).ConfigureAwait(false);
        if (hour > 0)
        {
            return new WaitBasis(0, hour, 0, 0);
        }

        var (firstQuarter, minutesToday) = Today(zone, now);
        var last = now.ToUnixTimeMilliseconds() / Quarter;
        var today = await SumAsync(Enumerable.Range(0, (int)(last - firstQuarter + 1)).Select(i => keys.QuarterFigures(Bucket(firstQuarter + i)))).ConfigureAwait(false);
        return new WaitBasis(0, 0, today, minutesToday);
    }

    /// <summary>The first quarter-hour bucket of today in the zone, and the minutes since its midnight.</summary>
    public static (long FirstQuarter, double MinutesToday) Today(TimeZoneInfo zone, DateTimeOffset now)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        var midnightLocal = local.Date;
        var midnight = new DateTimeOffset(midnightLocal, zone.GetUtcOffset(midnightLocal));
        return (midnight.ToUnixTimeMilliseconds() / Quarter, (now - midnight).TotalMinutes);
    }

    private static string Bucket(long number) => number.ToString(CultureInfo.InvariantCulture);

    private static IEnumerable<(string Queue, string Figure, string Channel, long Value)> Parse(HashEntry[] bucket)
    {
        foreach (var entry in bucket)
        {
            var field = (string)entry.Name!;
            var last = field.LastIndexOf('|');
            var middle = last > 0 ? field.LastIndexOf('|', last - 1) : -1;
            if (middle > 0)
            {
                yield return (field[..middle], field[(middle + 1)..last], field[(last + 1)..], (long)entry.Value);
            }
        }
    }

    private static async Task<List<AgentFigures>> ReadAgentsAsync(IDatabase db, RoutingKeys keys, RedisValue[] ids)
    {
        var names = ids.Select(v => (string)v!).Order(StringComparer.Ordinal).ToList();
        var hashes = names.Select(a => db.HashGetAllAsync(keys.Agent(a))).ToArray();
        var holdings = names.Select(a => db.HashGetAllAsync(keys.AgentHoldings(a))).ToArray();
        await Task.WhenAll([.. hashes, .. holdings]).ConfigureAwait(false);
        var agents = new List<AgentFigures>(names.Count);
        for (var i = 0; i < names.Count; i++)
        {
            var f = hashes[i].Result.ToDictionary(e => (string)e.Name!, e => (string)e.Value!, StringComparer.Ordinal);
            if (f.Count == 0)
            {
                continue;
            }

            long.TryParse(f.GetValueOrDefault("since"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var since);
            agents.Add(new AgentFigures(
                names[i],
                f.GetValueOrDefault("name", ""),
                EngineWords.ParseStatus(f.GetValueOrDefault("status")) ?? EngineAgentStatus.Offline,
                f.GetValueOrDefault("reason", ""),
                f.GetValueOrDefault("conn") == "1",
                f.GetValueOrDefault("node", ""),
                DateTimeOffset.FromUnixTimeMilliseconds(since),
                f.Where(e => e.Key.StartsWith("l:", StringComparison.Ordinal) && e.Value != "0")
                    .ToDictionary(e => e.Key[2..], e => int.Parse(e.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal),
                holdings[i].Result.ToDictionary(h => (string)h.Name!, h => ((string)h.Value!)[0], StringComparer.Ordinal),
                [.. (f.GetValueOrDefault("queues") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(q => q[..Math.Max(0, q.IndexOf(':', StringComparison.Ordinal) < 0 ? q.Length : q.IndexOf(':', StringComparison.Ordinal))])])
            {
                ReasonKind = f.GetValueOrDefault("rkind", ""),
                ReasonNote = f.GetValueOrDefault("rnote", ""),
                ChangedBy = f.GetValueOrDefault("rby", ""),
            });
        }

        return agents;
    }
}
