using System.Globalization;
using Routing.Core.Rules;

namespace Routing.Redis;

/// <summary>
/// A rule's escalation steps as the contact hash keeps them for the engine (field "esc",
/// Scripts/includes/escalate.lua parses it): steps joined by ';', each
/// "after ms|drop all 0/1|dropped skills|min proficiency|widen to|overflow to|priority|raise by",
/// lists comma separated, an empty field for "no change". Names are queue and skill names
/// (a-z, 0-9, '-', '_'; RulesOptionsValidator), so they never hold a separator.
/// </summary>
public static class EscalationPlan
{
    public static string Encode(IReadOnlyList<EscalationStep> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        return string.Join(';', steps.Select(s => string.Join('|',
            ((long)s.After.TotalMilliseconds).ToString(CultureInfo.InvariantCulture),
            s.DropAllSkills ? "1" : "0",
            string.Join(',', s.DropSkills),
            s.MinProficiency?.ToString(CultureInfo.InvariantCulture) ?? "",
            string.Join(',', s.WidenTo),
            s.OverflowTo ?? "",
            s.Priority?.ToString(CultureInfo.InvariantCulture) ?? "",
            s.RaisePriorityBy.ToString(CultureInfo.InvariantCulture))));
    }
}
