using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;

namespace Routing.Server.Supervisor;

/// <summary>What one watcher sees of its tenant's board: the queues it asked for (all when none) and, when asked, their agents.</summary>
public sealed class BoardView(WatchQueuesRequest request, QueueGoals? goals = null)
{
    private readonly HashSet<string> _queues = request.Queues.ToHashSet(StringComparer.Ordinal);

    public QueueBoard Snapshot(BoardFrame frame, DateTimeOffset now)
    {
        var board = new QueueBoard { At = frame.At };
        board.Queues.AddRange(Queues(frame).Select(q => q.Value));
        if (request.IncludeAgents)
        {
            board.Agents.AddRange(Agents(frame).Select(a => WithTime(a.Value, now)));
        }

        return board;
    }

    public IEnumerable<WatchQueuesResponse> Changes(BoardFrame before, BoardFrame after, DateTimeOffset now)
    {
        var previous = Queues(before).ToDictionary(q => q.Key, q => q.Value, StringComparer.Ordinal);
        foreach (var (name, stats) in Queues(after))
        {
            if (!previous.TryGetValue(name, out var old) || !old.Equals(stats))
            {
                yield return new WatchQueuesResponse { QueueChanged = stats };
            }
        }

        if (!request.IncludeAgents)
        {
            yield break;
        }

        var agentsBefore = Agents(before).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        var agentsAfter = Agents(after).ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal);
        foreach (var (id, agent) in agentsAfter)
        {
            if (!agentsBefore.TryGetValue(id, out var old) || !old.Equals(agent))
            {
                yield return new WatchQueuesResponse { AgentChanged = WithTime(agent, now) };
            }
        }

        foreach (var id in agentsBefore.Keys.Where(id => !agentsAfter.ContainsKey(id)))
        {
            yield return new WatchQueuesResponse { AgentChanged = new AgentState { AgentId = id, Removed = true } };
        }
    }

    /// <summary>The watched queues in name order; one asked for that never held a contact shows empty.</summary>
    private IEnumerable<KeyValuePair<string, QueueStats>> Queues(BoardFrame frame)
    {
        if (_queues.Count == 0)
        {
            return frame.Queues.OrderBy(q => q.Key, StringComparer.Ordinal);
        }

        return _queues.Order(StringComparer.Ordinal).Select(name => KeyValuePair.Create(name, frame.Queues.GetValueOrDefault(name) ?? Empty(name)));
    }

    private QueueStats Empty(string name)
    {
        var stats = new QueueStats { Queue = name, ServiceLevelPercent = 100 };
        return goals is null ? stats : goals.Apply(stats);
    }

    private IEnumerable<KeyValuePair<string, AgentState>> Agents(BoardFrame frame) =>
        frame.Agents.Where(a => _queues.Count == 0 || frame.AgentQueues[a.Key].Any(_queues.Contains)).OrderBy(a => a.Key, StringComparer.Ordinal);

    private static AgentState WithTime(AgentState agent, DateTimeOffset now)
    {
        var copy = agent.Clone();
        if (agent.Since is { } since)
        {
            var span = now - since.ToDateTimeOffset();
            copy.TimeInState = Duration.FromTimeSpan(span < TimeSpan.Zero ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)));
        }

        return copy;
    }
}
