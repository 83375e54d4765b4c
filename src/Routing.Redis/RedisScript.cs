using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// A Lua script run by its SHA1 (EVALSHA): the script text (the engine library plus the script, about
/// 20 KB) crosses the wire only when Redis does not have it yet (first call, restart, failover).
/// </summary>
internal sealed class RedisScript(string text)
{
    public string Text { get; } = text;

    public byte[] Hash { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(text));

    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await db.ScriptEvaluateAsync(Hash, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (ex.Message.StartsWith("NOSCRIPT", StringComparison.Ordinal))
        {
            // EVAL runs it and caches it on the server, so the next call is an EVALSHA again.
            return await db.ScriptEvaluateAsync(Text, keys, args).ConfigureAwait(false);
        }
    }
}
