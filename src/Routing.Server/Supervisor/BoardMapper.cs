using Google.Protobuf.WellKnownTypes;
using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.Supervisor;

/// <summary>Maps the figures read from Redis to the Supervisor contract.</summary>
public static class BoardMapper
{
    /// <summary>The queue's stats; waits are whole seconds up to <paramref name="now"/>.</summary>
    public static QueueStats ToStats(Redis.QueueFigures q, DateTimeOffset now)
    {
        var stats = new QueueStats
        {
            Queue = q.Queue,
            Waiting = q.Total.Waiting,
            OldestWait = Seconds(q.Total.OldestWait),
            Offered = q.Total.Today.Offered,
            Assigned = q.Total.Today.Assigned,
            Handled = q.Total.Today.Handled,
            Abandoned = q.Total.Today.Abandoned,
            ServiceLevelPercent = q.Total.Today.ServiceLevelPercent,
            Last15M = ToFigures(q.Total.Last15Minutes),
            LastHour = ToFigures(q.Total.LastHour),
            Today = ToFigures(q.Total.Today),
            AgentsAvailable = q.AgentsAvailable,
            AgentsBusy = q.AgentsBusy,
            AgentsAway = q.AgentsAway,
            AgentsWrapUp = q.AgentsWrapUp,
            DeadLetters = q.DeadLetters,
        };
        foreach (var (reason, count) in q.AgentsAwayByReason)
        {
            stats.AgentsAwayByReason[reason] = count;
        }
        if (q.Total.EstimatedWait is { } wait)
        {
            stats.EstimatedWait = Duration.FromTimeSpan(wait);
        }

        foreach (var c in q.Channels.Values)
        {
            stats.WaitingByChannel[c.Channel] = c.Waiting;
            var channel = new ChannelStats
            {
                Channel = c.Channel,
                Waiting = c.Waiting,
                OldestWait = Seconds(c.OldestWait),
                Last15M = ToFigures(c.Last15Minutes),
                LastHour = ToFigures(c.LastHour),
                Today = ToFigures(c.Today),
            };
            if (c.EstimatedWait is { } channelWait)
            {
                channel.EstimatedWait = Duration.FromTimeSpan(channelWait);
            }

            stats.Channels.Add(channel);
        }

        stats.LongestWaiting.AddRange(q.LongestWaiting.Select(c => ToWaiting(c, now)));
        return stats;
    }

    public static WaitingContact ToWaiting(WaitingContactFigures c, DateTimeOffset now) => new()
    {
        ContactId = c.ContactId,
        Channel = c.Channel,
        QueuedAt = Timestamp.FromDateTimeOffset(c.QueuedAt),
        Waited = Seconds(now > c.QueuedAt ? now - c.QueuedAt : TimeSpan.Zero),
        Priority = c.Priority,
        Customer = c.Customer,
        Tier = c.Tier,
        OfferedTo = c.OfferedTo,
        WaitingForAgent = c.WaitingForAgent,
    };

    public static Protos.V1.QueueFigures ToFigures(FigureCounts f) => new()
    {
        Queued = f.Queued,
        Offered = f.Offered,
        Assigned = f.Assigned,
        Handled = f.Handled,
        Abandoned = f.Abandoned,
        AnsweredWithinTarget = f.AnsweredWithinTarget,
        ServiceLevelPercent = f.ServiceLevelPercent,
        AverageWait = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(Math.Round(f.AverageWait.TotalMilliseconds))),
        AverageHandle = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(Math.Round(f.AverageHandle.TotalMilliseconds))),
    };

    /// <summary>An agent without its time in state (set when written, so the shared board does not change every second).</summary>
    public static Protos.V1.AgentState ToAgent(AgentFigures a, Func<string, string>? reasonLabel = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var state = new Protos.V1.AgentState
        {
            AgentId = a.AgentId,
            DisplayName = a.DisplayName,
            Status = !a.Connected ? AgentStatus.Offline : a.Status switch
            {
                EngineAgentStatus.Available => AgentStatus.Available,
                EngineAgentStatus.Away => AgentStatus.Away,
                _ => AgentStatus.Offline,
            },
            Activity = a.Holdings.Values.Any(h => h == 'a') ? AgentActivity.Busy
                : a.Holdings.Values.Any(h => h == 'o') ? AgentActivity.Offered
                : a.Holdings.Count > 0 ? AgentActivity.WrapUp
                : AgentActivity.Idle,
            StatusReason = a.Reason,
            ReasonCode = a.Status == EngineAgentStatus.Available ? "" : a.Reason,
            ReasonNote = a.ReasonNote,
            StatusChangedBy = a.ChangedBy,
            Node = a.Node,
            Since = Timestamp.FromDateTimeOffset(a.Since),
        };
        if (state.ReasonCode.Length > 0 && reasonLabel is not null)
        {
            state.ReasonLabel = reasonLabel(state.ReasonCode);
        }

        foreach (var (channel, load) in a.Load)
        {
            state.Load[channel] = load;
        }

        state.Contacts.AddRange(a.Holdings.Keys.Order(StringComparer.Ordinal));
        return state;
    }

    private static Duration Seconds(TimeSpan span) => Duration.FromTimeSpan(TimeSpan.FromSeconds(Math.Floor(span.TotalSeconds)));
}
