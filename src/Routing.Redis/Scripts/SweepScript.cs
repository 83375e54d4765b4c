using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>sweep.lua's KEYS, ARGV and reply. Everything else the sweep touches it learns from data.</summary>
internal static class SweepScript
{
    public static RedisKey[] Keys(SweepCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [], keys.Nodes, keys.DeadNodes, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.WrapUps, keys.ReconnectGraces, keys.QueueStrategies, keys.Escalations, keys.QueueNames, keys.HeldUntilOpening, keys.DeadLetterChecks, keys.CallbacksDue);
    }

    public static RedisValue[] Args(SweepCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.Batch, (long)command.NodeTimeout.TotalMilliseconds);

    /// <summary>{ items processed, events, held contacts released, queues of new dead letters, callbacks queued at their due time }.</summary>
    public static SweepReply Decode(RedisResult result)
    {
        var reply = (RedisResult[])result!;
        return new SweepReply((int)reply[0], RoutingEventDecoder.Decode(reply[1]))
        {
            Released = reply.Length > 2 ? (int)reply[2] : 0,
            DeadLettered = reply.Length > 3 ? [.. ((RedisResult[])reply[3]!).Select(q => (string)q!)] : [],
            CallbacksDue = reply.Length > 4 ? (int)reply[4] : 0,
        };
    }
}
