using System.Globalization;
using Routing.Protos.V1;
using Routing.Redis;

namespace Routing.Server.AgentStates;

/// <summary>An agent's profile as the engine stores it ("queue:proficiency:primary,...", "channel:max,...") to the desk's <see cref="ProfileChanged"/>.</summary>
public static class ProfileMapper
{
    public static ProfileChanged ToProto(RoutingEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var changed = new ProfileChanged { TotalCapacity = e.TotalCapacity, ChangedBy = e.ChangedBy };
        foreach (var item in e.Queues.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = item.Split(':');
            if (parts.Length == 3)
            {
                changed.Skills.Add(new SkillProficiency { Queue = parts[0], Proficiency = int.Parse(parts[1], CultureInfo.InvariantCulture), Primary = parts[2] == "1" });
            }
        }

        foreach (var item in e.Capacities.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = item.LastIndexOf(':');
            if (at > 0)
            {
                changed.Capacity.Add(new ChannelCapacity { Channel = item[..at], MaxConcurrent = int.Parse(item[(at + 1)..], CultureInfo.InvariantCulture) });
            }
        }

        return changed;
    }
}
