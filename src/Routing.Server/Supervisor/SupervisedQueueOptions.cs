namespace Routing.Server.Supervisor;

/// <summary>"Supervisor:Queues:{queue}": what the board holds one queue to, when not what its rules say.</summary>
public sealed class SupervisedQueueOptions
{
    /// <summary>Answered within this counts as within target; absent: the strictest target of the rules routing to the queue.</summary>
    public TimeSpan? ServiceLevelTarget { get; set; }

    /// <summary>0-100; absent: Supervisor:ServiceLevelGoalPercent.</summary>
    public double? ServiceLevelGoalPercent { get; set; }
}
