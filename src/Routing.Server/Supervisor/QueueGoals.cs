using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Options;
using Routing.Protos.V1;
using Routing.Server.Configuration;

namespace Routing.Server.Supervisor;

/// <summary>
/// Each queue's service-level target and goal on the board. A queue gets contacts from several rules,
/// each with its own target: the board shows Supervisor:Queues:{queue}:ServiceLevelTarget when set,
/// else the strictest (shortest) target of the rules routing to the queue, else (a queue only transfers
/// reach) the default rule's. The goal is Supervisor:Queues:{queue}:ServiceLevelGoalPercent, else
/// Supervisor:ServiceLevelGoalPercent. Read at each board read, so a configuration reload shows at once.
/// </summary>
public sealed class QueueGoals(IOptionsMonitor<SupervisorOptions> supervisor, IOptionsMonitor<RulesOptions> rules)
{
    public TimeSpan TargetOf(string queue)
    {
        if (supervisor.CurrentValue.Queues.GetValueOrDefault(queue)?.ServiceLevelTarget is { } configured)
        {
            return configured;
        }

        var current = rules.CurrentValue;
        var seconds = current.Rules.Append(current.Default)
            .Where(r => string.Equals(r.Queue, queue, StringComparison.Ordinal))
            .Select(r => (int?)r.ServiceLevelSeconds)
            .Min() ?? current.Default.ServiceLevelSeconds;
        return TimeSpan.FromSeconds(seconds);
    }

    public double GoalPercentOf(string queue) =>
        supervisor.CurrentValue.Queues.GetValueOrDefault(queue)?.ServiceLevelGoalPercent ?? supervisor.CurrentValue.ServiceLevelGoalPercent;

    /// <summary>Sets the queue's target and goal on its stats.</summary>
    public QueueStats Apply(QueueStats stats)
    {
        ArgumentNullException.ThrowIfNull(stats);
        stats.ServiceLevelTarget = Duration.FromTimeSpan(TargetOf(stats.Queue));
        stats.ServiceLevelGoalPercent = GoalPercentOf(stats.Queue);
        return stats;
    }
}
