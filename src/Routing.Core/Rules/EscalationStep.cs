namespace Routing.Core.Rules;

/// <summary>
/// One step of a rule's escalation (TaskRouter's workflow targets with timeouts, Genesys' bullseye
/// rings): once a contact has waited <see cref="After"/> since it was queued, the engine applies
/// every change the step sets, atomically, then schedules the next step. A step that sets nothing
/// but <see cref="After"/> only records itself on the timeline.
/// </summary>
public sealed class EscalationStep
{
    /// <summary>Waiting time since the contact was queued (not since the previous step).</summary>
    public TimeSpan After { get; set; }

    /// <summary>Drop every required skill.</summary>
    public bool DropAllSkills { get; set; }

    /// <summary>Drop these required skills (the others stay).</summary>
    public List<string> DropSkills { get; set; } = [];

    /// <summary>The new minimum proficiency (1-5) of an agent in each required skill; null keeps it.</summary>
    public int? MinProficiency { get; set; }

    /// <summary>Queues whose agents may also take the contact (it waits in them too, keeping its own queue).</summary>
    public List<string> WidenTo { get; set; } = [];

    /// <summary>The queue the contact moves to (its place by priority and waiting time is kept); null stays.</summary>
    public string? OverflowTo { get; set; }

    /// <summary>The new priority (0-1000); null keeps it.</summary>
    public int? Priority { get; set; }

    /// <summary>Raise the priority by this much (capped at 1000); applied after <see cref="Priority"/>.</summary>
    public int RaisePriorityBy { get; set; }
}
