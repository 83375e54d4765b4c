using System.Text.Json;
using Routing.Core.Privacy;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>audit.lua's KEYS and ARGV.</summary>
internal static class AuditScript
{
    public static RedisKey[] Keys(string tenant)
    {
        var keys = new RoutingKeys(tenant);
        return ScriptArgs.Keys(keys, [], keys.Audit);
    }

    public static RedisValue[] Args(AuditEntry entry, TimeSpan retention) =>
    [
        ScriptArgs.Ms(entry.At),
        ScriptArgs.Ms(entry.At - retention),
        JsonSerializer.Serialize(entry, RedisJsonContext.Default.AuditEntry),
    ];
}
