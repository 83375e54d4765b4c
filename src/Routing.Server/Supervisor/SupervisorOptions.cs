namespace Routing.Server.Supervisor;

/// <summary>How often the queue boards are read from Redis, and when a watcher that fell behind gets a fresh snapshot.</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Supervisor";

    /// <summary>One read of a tenant's board serves all its watchers on this node; changes reach them within this (plus the write).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A watcher that missed this many boards in a row (it did not read) gets a fresh snapshot instead of the changes.</summary>
    public int SnapshotAfterMissedBoards { get; set; } = 5;

    /// <summary>How many of each queue's longest-waiting contacts the board carries (QueueStats.longest_waiting), 0 to 50.</summary>
    public int LongestWaitingContacts { get; set; } = 10;

    /// <summary>The share of contacts to answer within the queue's target, 0-100, unless the queue sets its own.</summary>
    public double ServiceLevelGoalPercent { get; set; } = 80;

    /// <summary>
    /// How long a node reuses a queue's answer rates for the receipts' estimated wait (each read is
    /// up to 156 small Redis reads); zero reads them for every receipt.
    /// </summary>
    public TimeSpan WaitEstimateRefresh { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Per queue (by name): its own service-level target and goal.</summary>
    public Dictionary<string, SupervisedQueueOptions> Queues { get; set; } = new(StringComparer.Ordinal);
}
