using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>contact_priority.lua's KEYS and ARGV (its reply: <see cref="SupervisorActionDecoder.DecodeCount"/>).</summary>
internal static class ContactPriorityScript
{
    public static RedisKey[] Keys(ContactPriorityCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Contact(command.ContactId), keys.Timeline(command.ContactId)]);
    }

    public static RedisValue[] Args(ContactPriorityCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.ContactId, command.Priority, command.Supervisor);
}
