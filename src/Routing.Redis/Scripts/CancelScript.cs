using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>cancel.lua's KEYS, ARGV and reply.</summary>
internal static class CancelScript
{
    public static RedisKey[] Keys(CancelCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Contact(command.ContactId), keys.Timeline(command.ContactId)], keys.OfferExpiries, keys.AgentWaitDeadlines, keys.QueueStrategies, keys.HeldUntilOpening, keys.CallbacksDue);
    }

    public static RedisValue[] Args(CancelCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.ContactId, string.IsNullOrWhiteSpace(command.Reason) ? "cancelled by gateway" : command.Reason);

    /// <summary>{ outcome, previous state, channel, events }.</summary>
    public static CancelResult Decode(string contactId, RedisResult result)
    {
        var reply = (RedisResult[])result!;
        var outcome = (string)reply[0]! switch
        {
            "cancelled" => CancelOutcome.Cancelled,
            "not_found" => CancelOutcome.NotFound,
            "bad_state" => CancelOutcome.BadState,
            var other => throw new InvalidOperationException($"Unknown cancel outcome '{other}'."),
        };
        return new CancelResult(contactId, outcome, (string)reply[1]!, (string)reply[2]!) { Events = RoutingEventDecoder.Decode(reply[3]) };
    }
}
