using System.Security.Cryptography;
using System.Text;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// A Lua script run by its SHA1 (EVALSHA): the script text (the script and its includes, several
/// KB) crosses the wire only when Redis does not have it yet (first call, restart, failover).
/// </summary>
internal sealed class RedisScript(string name, LuaSource source)
{
    public string Name { get; } = name;

    public LuaSource Source { get; } = source;

    public string Text => Source.Text;

    public byte[] Hash { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(source.Text));

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

    /// <summary>
    /// Runs the script (<see cref="EvaluateAsync"/>); an error raised inside it is rethrown with its
    /// line numbers mapped to the file and line it was written on ("includes/offer.lua:42").
    /// </summary>
    public async Task<RedisResult> RunAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await EvaluateAsync(db, keys, args).ConfigureAwait(false);
        }
        catch (RedisServerException ex) when (Source.MapError(ex.Message) is var mapped && mapped != ex.Message)
        {
            throw new RedisServerException($"{Name}: {mapped}");
        }
    }
}
