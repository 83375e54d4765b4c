using Routing.Core.Agents;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>connect.lua's KEYS, ARGV and reply.</summary>
internal static class ConnectScript
{
    public static RedisKey[] Keys(ConnectCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        var agent = command.Profile.AgentId;
        var own = new List<RedisKey> { keys.NodeAgents(command.Node), keys.Agent(agent), keys.AgentHoldings(agent), keys.AgentWaiting(agent) };
        foreach (var skill in command.Profile.Skills)
        {
            own.Add(keys.Queue(skill.Queue));
            foreach (var channel in command.Profile.Capacity.Keys)
            {
                own.Add(keys.QueueChannel(skill.Queue, channel));
                own.Add(keys.FreeAgents(skill.Queue, channel));
            }
        }

        return ScriptArgs.Keys(keys, [.. own], keys.ReconnectGraces, keys.Agents, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(ConnectCommand command, string settings)
    {
        var profile = command.Profile;
        var args = new List<RedisValue>
        {
            profile.AgentId, command.SessionId, profile.DisplayName,
            SkillsArgument(profile),
            profile.TotalCapacity,
            string.Join(',', profile.KeepOnDisconnect),
            profile.InitialStatus,
        };
        AddCapacities(args, profile);
        return ScriptArgs.Engine(command.Now, command.Node, settings, [.. args]);
    }

    /// <summary>The agent's skills as the scripts read them: "queue:proficiency:primary,...".</summary>
    internal static string SkillsArgument(AgentProfile profile) =>
        string.Join(',', profile.Skills.Select(s => $"{s.Queue}:{s.Proficiency}:{(s.Primary ? 1 : 0)}"));

    /// <summary>The agent hash's "c:{channel}" capacity and "b:{channel}" blocked-channel pairs (connect.lua, agent_profile.lua).</summary>
    internal static void AddCapacities(List<RedisValue> args, AgentProfile profile)
    {
        foreach (var (channel, max) in profile.Capacity)
        {
            args.Add("c:" + channel);
            args.Add(max);
        }

        foreach (var (channel, blocked) in profile.Blocks)
        {
            args.Add("b:" + channel);
            args.Add(string.Join(',', blocked));
        }
    }

    /// <summary>{ 'ok', resumed contact ids, events }.</summary>
    public static ConnectReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new ConnectReply([.. ((RedisResult[])reply[1]!).Select(r => (string)r!)], RoutingEventDecoder.Decode(reply[2]));
    }
}
