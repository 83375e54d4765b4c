using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>decline.lua's KEYS, ARGV and reply.</summary>
internal static class DeclineScript
{
    public static RedisKey[] Keys(DeclineCommand command) => AcceptScript.OfferKeys(command.Tenant, command.AgentId, command.OfferId);

    public static RedisValue[] Args(DeclineCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.AgentId, command.SessionId, command.OfferId, command.Reason);

    /// <summary>{ code, contact id, events }.</summary>
    public static DeclineReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new DeclineReply(DeskResultCodes.Parse((string)reply[0]!), (string)reply[1]!, RoutingEventDecoder.Decode(reply[2]));
    }
}
