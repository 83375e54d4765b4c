using System.Globalization;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>complete.lua's KEYS, ARGV and reply.</summary>
internal static class CompleteScript
{
    public static RedisKey[] Keys(CompleteCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(
            keys,
            [keys.Agent(command.AgentId), keys.AgentHoldings(command.AgentId), keys.Contact(command.ContactId), keys.Timeline(command.ContactId)],
            keys.WriteBack, keys.WrapUps, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies);
    }

    public static RedisValue[] Args(CompleteCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId, command.ContactId, command.Disposition, command.Notes, command.SkipWrapUp ? 1 : 0);

    /// <summary>{ code, wrap-up end (ms), events }.</summary>
    public static CompleteReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new CompleteReply(
            DeskResultCodes.Parse((string)reply[0]!),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse((string)reply[1]!, CultureInfo.InvariantCulture)),
            RoutingEventDecoder.Decode(reply[2]));
    }
}
