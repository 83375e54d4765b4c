using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>move_contact.lua's KEYS and ARGV (its reply: <see cref="SupervisorActionDecoder.DecodeMove"/>).</summary>
internal static class MoveContactScript
{
    public static RedisKey[] Keys(MoveContactCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        RedisKey[] own = [keys.Contact(command.ContactId), keys.Timeline(command.ContactId)];
        RedisKey[] target = command.AgentId is { Length: > 0 } agent
            ? [keys.Agent(agent), keys.AgentHoldings(agent), keys.AgentWaiting(agent)]
            : [keys.Queue(command.Queue ?? "")];
        return ScriptArgs.Keys(keys, [.. own, .. target], keys.QueueNames, keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies, keys.DeadLetterChecks);
    }

    public static RedisValue[] Args(MoveContactCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.ContactId, command.Queue ?? "", command.AgentId ?? "", command.Supervisor, command.Note);
}
