using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>status.lua's KEYS, ARGV and reply.</summary>
internal static class StatusScript
{
    public static RedisKey[] Keys(StatusCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Agent(command.AgentId), keys.AgentHoldings(command.AgentId)], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(StatusCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId, command.Status.ToWord(), command.Reason, command.ReasonKind, command.Note);

    /// <summary>{ code, events }.</summary>
    public static StatusReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new StatusReply(DeskResultCodes.Parse((string)reply[0]!), RoutingEventDecoder.Decode(reply[1]));
    }
}
