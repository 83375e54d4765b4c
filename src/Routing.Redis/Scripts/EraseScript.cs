using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>erase.lua's KEYS, ARGV and reply.</summary>
internal static class EraseScript
{
    public static RedisKey[] Keys(EraseCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(
            keys,
            [keys.Thread(command.ThreadKey), keys.Journey(command.ThreadKey)],
            keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies, keys.WriteBack, keys.HeldUntilOpening, keys.DeadLetterChecks, keys.ConsentWriteBack, keys.DeferredOutreach, keys.CallbacksDue);
    }

    public static RedisValue[] Args(EraseCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.Reason);

    /// <summary>{ erased ids, cancelled ids, events }.</summary>
    public static EraseReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new EraseReply(Ids(reply[0]), Ids(reply[1]), RoutingEventDecoder.Decode(reply[2]));
    }

    private static string[] Ids(RedisResult r) => r.IsNull ? [] : [.. ((RedisResult[])r!).Select(i => (string)i!)];
}
