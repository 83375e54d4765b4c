using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>disconnect.lua's KEYS, ARGV and reply.</summary>
internal static class DisconnectScript
{
    public static RedisKey[] Keys(DisconnectCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Agent(command.AgentId), keys.AgentHoldings(command.AgentId)], keys.ReconnectGraces, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(DisconnectCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId);

    /// <summary>{ code, events }.</summary>
    public static DisconnectReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new DisconnectReply(DeskResultCodes.Parse((string)reply[0]!), RoutingEventDecoder.Decode(reply[1]));
    }
}
