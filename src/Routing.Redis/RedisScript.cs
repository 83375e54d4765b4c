using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Routing.Core.Telemetry;
using StackExchange.Redis;

namespace Routing.Redis;

/// <summary>
/// A Lua script run by its SHA1 (EVALSHA): the script text (the script and its includes, several
/// KB) crosses the wire only when Redis does not have it yet (first call, restart, failover, a
/// slot moved to a node that never ran it).
/// </summary>
/// <remarks>
/// On Redis Cluster, StackExchange.Redis follows MOVED (updating its slot map) and ASK (re-sending
/// with ASKING) itself. It does not retry TRYAGAIN, which a node answers while the script's slot is
/// migrating and not every declared key is on it (the fence key never is, so no script runs during
/// a migration), nor CLUSTERDOWN. Both are answered before the script runs, so running it again
/// cannot apply it twice; they are retried here with a short backoff, within a budget that covers
/// moving one tenant's slot. Any other error is the caller's.
/// </remarks>
internal sealed class RedisScript(string name, LuaSource source)
{
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMilliseconds(100);

    public string Name { get; } = name;

    public LuaSource Source { get; } = source;

    public string Text => Source.Text;

    public byte[] Hash { get; } = SHA1.HashData(Encoding.UTF8.GetBytes(source.Text));

    public async Task<RedisResult> EvaluateAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
    {
        var started = Stopwatch.GetTimestamp();
        var backoff = FirstBackoff;
        while (true)
        {
            try
            {
                return await EvaluateOnceAsync(db, keys, args).ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (IsAnsweredBeforeRunning(ex) && Stopwatch.GetElapsedTime(started) + backoff < RetryBudget)
            {
                await Task.Delay(backoff).ConfigureAwait(false);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
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

    /// <summary>
    /// Runs the script and decodes its reply inside one span named after the script (the tenant,
    /// contact, queue and agent as tags, from <paramref name="tags"/> and then from the reply
    /// through <paramref name="describe"/>), so a trace shows each engine step with what it touched.
    /// </summary>
    public async Task<TReply> RunAsync<TReply>(
        IDatabase db, RedisKey[] keys, RedisValue[] args, Func<RedisResult, TReply> decode, ScriptTags tags, Func<TReply, ScriptTags>? describe = null)
    {
        using var activity = RoutingActivities.Source.StartActivity("script " + Name, ActivityKind.Client);
        if (activity is null)
        {
            return decode(await RunAsync(db, keys, args).ConfigureAwait(false));
        }

        activity.SetTag("db.system.name", "redis");
        activity.SetTag("db.operation.name", "EVALSHA");
        activity.SetTag(RoutingActivities.Script, Name);
        Tag(activity, tags);
        try
        {
            var reply = decode(await RunAsync(db, keys, args).ConfigureAwait(false));
            if (describe is not null)
            {
                Tag(activity, describe(reply));
            }

            return reply;
        }
        catch (Exception ex)
        {
            activity.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }

    private static void Tag(Activity activity, ScriptTags tags)
    {
        SetIfKnown(activity, RoutingActivities.Tenant, tags.Tenant);
        SetIfKnown(activity, RoutingActivities.ContactId, tags.ContactId);
        SetIfKnown(activity, RoutingActivities.Queue, tags.Queue);
        SetIfKnown(activity, RoutingActivities.AgentId, tags.AgentId);
    }

    private static void SetIfKnown(Activity activity, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            activity.SetTag(name, value);
        }
    }

    private async Task<RedisResult> EvaluateOnceAsync(IDatabase db, RedisKey[] keys, RedisValue[] args)
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

    private static bool IsAnsweredBeforeRunning(RedisServerException ex) =>
        ex.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || ex.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal);
}
