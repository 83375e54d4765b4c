using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>claim_writeback.lua's KEYS, ARGV and reply.</summary>
internal static class ClaimWriteBackScript
{
    public static RedisKey[] Keys(ClaimWriteBackCommand command)
    {
        var keys = new RoutingKeys(command.Tenant);
        return ScriptArgs.Keys(keys, [], keys.WriteBack);
    }

    public static RedisValue[] Args(ClaimWriteBackCommand command) =>
        [ScriptArgs.Ms(command.Now), (long)command.Lease.TotalMilliseconds, command.Batch];

    /// <summary>The claimed contact ids.</summary>
    public static ClaimWriteBackReply Decode(RedisResult result) => new([.. ((RedisResult[])result!).Select(r => (string)r!)]);
}
