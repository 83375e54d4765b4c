using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>force_status.lua's KEYS and ARGV (its reply: <see cref="SupervisorActionDecoder.DecodeCount"/>).</summary>
internal static class ForceStatusScript
{
    public static RedisKey[] Keys(ForceStatusCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Agent(command.AgentId), keys.AgentHoldings(command.AgentId)], keys.ReconnectGraces, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(ForceStatusCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.Status.ToWord(), command.Reason, command.ReasonKind, command.Note, command.Supervisor);
}
