using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>confirm_writeback.lua's KEYS, ARGV and reply.</summary>
internal static class ConfirmWriteBackScript
{
    public static RedisKey[] Keys(ConfirmWriteBackCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [keys.Contact(command.ContactId), keys.Timeline(command.ContactId)], keys.WriteBack);
    }

    public static RedisValue[] Args(ConfirmWriteBackCommand command, string settings) =>
        ScriptArgs.Engine(command.Now, command.Node, settings, command.ContactId, command.Detail);

    /// <summary>True when this call confirmed it (false: confirmed before).</summary>
    public static bool Decode(RedisResult result) => (long)result == 1;
}
