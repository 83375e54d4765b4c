using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>agent_profile.lua's KEYS and ARGV (its reply: <see cref="SupervisorActionDecoder.DecodeCount"/>).</summary>
internal static class AgentProfileScript
{
    public static RedisKey[] Keys(AgentProfileCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        var agent = command.Profile.AgentId;
        var own = new List<RedisKey> { keys.Agent(agent), keys.AgentHoldings(agent), keys.AgentWaiting(agent) };
        foreach (var skill in command.Profile.Skills)
        {
            own.Add(keys.Queue(skill.Queue));
            foreach (var channel in command.Profile.Capacity.Keys)
            {
                own.Add(keys.QueueChannel(skill.Queue, channel));
                own.Add(keys.FreeAgents(skill.Queue, channel));
            }
        }

        return ScriptArgs.Keys(keys, [.. own], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(AgentProfileCommand command, string settings)
    {
        var profile = command.Profile;
        var args = new List<RedisValue>
        {
            profile.AgentId,
            ConnectScript.SkillsArgument(profile),
            profile.TotalCapacity,
            string.Join(',', profile.KeepOnDisconnect),
            command.Supervisor,
            string.Join(',', profile.Capacity.Select(c => $"{c.Key}:{c.Value}")),
        };
        ConnectScript.AddCapacities(args, profile);
        return ScriptArgs.Engine(command.Now, command.Node, settings, [.. args]);
    }
}
