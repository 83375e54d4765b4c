using Routing.Core.Channels;
using Routing.Core.Errors;

namespace Routing.Core.Agents;

/// <summary>Per-channel desk defaults from configuration.</summary>
public sealed record ChannelDeskDefaults(int Capacity, IReadOnlyList<string> Blocks, bool StaysWithAgentOnDisconnect);

/// <summary>
/// Validates what an agent's hello asks for and fills in the server's defaults. Every mistake is a
/// <see cref="RoutingException"/> naming the field; nothing is stored before this passes.
/// </summary>
public sealed class AgentProfileBuilder(ChannelCatalog channels, IReadOnlyDictionary<string, ChannelDeskDefaults> defaults, int defaultTotalCapacity)
{
    /// <param name="initialStatus">An agent status, or empty for the default (available).</param>
    public AgentProfile Build(
        string? agentId,
        string? displayName,
        IEnumerable<AgentSkill> skills,
        IEnumerable<KeyValuePair<string, int>> capacity,
        int totalCapacity,
        string initialStatus)
    {
        if (!DeskCommandValidator.IsAgentId(agentId))
        {
            RoutingErrors.InvalidArgument("hello.agent_id", $"agent_id is required: 1-{DeskLimits.AgentIdLength} characters of letters, digits, '.', '_', '-' or '@'");
        }

        RoutingErrors.ThrowIfTooLong(displayName, DeskLimits.DisplayNameLength, "hello.display_name");
        var skillList = skills.ToList();
        if (skillList.Count > DeskLimits.MaxSkills)
        {
            RoutingErrors.InvalidArgument("hello.skills", $"at most {DeskLimits.MaxSkills} skills");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var skill in skillList)
        {
            if (!DeskCommandValidator.IsQueueName(skill.Queue))
            {
                RoutingErrors.InvalidArgument("hello.skills.queue", $"queue '{skill.Queue}' must be 1-{DeskLimits.QueueLength} characters of a-z, 0-9, '-' or '_'");
            }

            if (skill.Proficiency is < DeskLimits.MinProficiency or > DeskLimits.MaxProficiency)
            {
                RoutingErrors.InvalidArgument("hello.skills.proficiency", $"proficiency for '{skill.Queue}' is {skill.Proficiency}; it must be 1 (novice) to 5 (expert)");
            }

            if (!seen.Add(skill.Queue))
            {
                RoutingErrors.InvalidArgument("hello.skills.queue", $"queue '{skill.Queue}' is listed twice");
            }
        }

        var caps = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var channel in channels.All)
        {
            caps[channel.Name] = defaults.TryGetValue(channel.Name, out var d) ? d.Capacity : 1;
        }

        var asked = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, max) in capacity)
        {
            var channel = (name ?? "").Trim().ToLowerInvariant();
            if (!channels.TryGet(channel, out _))
            {
                RoutingErrors.InvalidArgument("hello.capacity.channel", $"channel '{name}' is not configured; known channels: {string.Join(", ", channels.All.Select(c => c.Name))}");
            }

            if (!asked.Add(channel))
            {
                RoutingErrors.InvalidArgument("hello.capacity.channel", $"channel '{channel}' is listed twice");
            }

            if (max is < 0 or > DeskLimits.MaxPerChannel)
            {
                RoutingErrors.InvalidArgument("hello.capacity.max_concurrent", $"capacity for '{channel}' is {max}; it must be 0 (not this channel) to {DeskLimits.MaxPerChannel}");
            }

            caps[channel] = max;
        }

        if (totalCapacity is < 0 or > DeskLimits.MaxTotal)
        {
            RoutingErrors.InvalidArgument("hello.total_capacity", $"total_capacity is {totalCapacity}; it must be 0 (server default) to {DeskLimits.MaxTotal}");
        }

        if (initialStatus == AgentStatuses.Offline)
        {
            RoutingErrors.InvalidArgument("hello.initial_status", "an agent cannot connect as offline; connect as available or away");
        }

        if (initialStatus is not ("" or AgentStatuses.Available or AgentStatuses.Away))
        {
            RoutingErrors.InvalidArgument("hello.initial_status", $"'{initialStatus}' is not an agent status; connect as available or away");
        }

        var total = totalCapacity == 0 ? defaultTotalCapacity : totalCapacity;
        var blocks = new SortedDictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var keep = new List<string>();
        foreach (var (channel, d) in defaults)
        {
            if (caps.ContainsKey(channel))
            {
                var blocked = d.Blocks.Where(caps.ContainsKey).ToList();
                if (blocked.Count > 0)
                {
                    blocks[channel] = blocked;
                }

                if (d.StaysWithAgentOnDisconnect)
                {
                    keep.Add(channel);
                }
            }
        }

        return new AgentProfile(
            agentId!,
            string.IsNullOrWhiteSpace(displayName) ? agentId! : displayName.Trim(),
            skillList,
            caps.Where(c => c.Value > 0).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal),
            total,
            blocks,
            keep,
            string.IsNullOrEmpty(initialStatus) ? AgentStatuses.Available : initialStatus);
    }
}
