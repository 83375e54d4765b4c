using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>transfer.lua's KEYS, ARGV and reply.</summary>
internal static class TransferScript
{
    public static RedisKey[] Keys(TransferCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        RedisKey[] own = [keys.Agent(command.AgentId), keys.AgentHoldings(command.AgentId), keys.Contact(command.ContactId), keys.Timeline(command.ContactId), keys.DeclineCooldowns(command.ContactId)];
        RedisKey[] target = command.TargetAgentId is { Length: > 0 } agent
            ? [keys.Agent(agent), keys.AgentHoldings(agent), keys.AgentWaiting(agent)]
            : [keys.Queue(command.Queue ?? "")];
        return ScriptArgs.Keys(keys, [.. own, .. target], keys.QueueNames, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(TransferCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId, command.ContactId, command.Queue ?? "", command.TargetAgentId ?? "", command.Note);

    /// <summary>{ code, events }.</summary>
    public static TransferReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new TransferReply(DeskResultCodes.Parse((string)reply[0]!), RoutingEventDecoder.Decode(reply[1]));
    }
}
