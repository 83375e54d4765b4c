namespace Routing.Server.Supervisor;

/// <summary>How often the queue boards are read from Redis, and when a watcher that fell behind gets a fresh snapshot.</summary>
public sealed class SupervisorOptions
{
    public const string SectionName = "Supervisor";

    /// <summary>One read of a tenant's board serves all its watchers on this node; changes reach them within this (plus the write).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>A watcher that missed this many boards in a row (it did not read) gets a fresh snapshot instead of the changes.</summary>
    public int SnapshotAfterMissedBoards { get; set; } = 5;
}
