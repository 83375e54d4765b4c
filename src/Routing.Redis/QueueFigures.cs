namespace Routing.Redis;

/// <summary>One queue as a supervisor sees it: the whole queue, its channels, and its agents by state.</summary>
public sealed class QueueFigures(string queue)
{
    public string Queue { get; } = queue;

    /// <summary>The whole queue (every channel).</summary>
    public ChannelFigures Total { get; } = new("");

    public SortedDictionary<string, ChannelFigures> Channels { get; } = new(StringComparer.Ordinal);

    public int AgentsAvailable { get; set; }
    public int AgentsBusy { get; set; }
    public int AgentsAway { get; set; }
    public int AgentsWrapUp { get; set; }

    /// <summary>The longest-waiting contacts, longest first (<see cref="LongestWaitingReader"/>); empty unless asked for.</summary>
    public List<WaitingContactFigures> LongestWaiting { get; } = [];
    /// <summary>Waiting contacts no logged-in agent can serve (dead letters).</summary>
    public long DeadLetters { get; set; }

    /// <summary>The agents of <see cref="AgentsAway"/> by reason code ("" for none).</summary>
    public SortedDictionary<string, int> AgentsAwayByReason { get; } = new(StringComparer.Ordinal);
}
