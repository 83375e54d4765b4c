using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>What every script does before it writes, on every backend: it refuses keys of two tenants.</summary>
public abstract class ScriptSafetyContract(IConnectionMultiplexer redis)
{
    public static TheoryData<string> ScriptNames => [.. LuaScripts.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task RunAsync_KeysOfTwoTenants_ErrorsAndWritesNothing(string name)
    {
        var tenant = TestTenant.New();
        var other = TestTenant.New();
        var (script, keys, args) = ScriptSamples.Call(name, tenant);
        var prefix = new RoutingKeys(tenant).Prefix;
        keys[^1] = ((string)keys[^1]!).Replace(prefix, new RoutingKeys(other).Prefix, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => script.RunAsync(redis.GetDatabase(), keys, args).WaitAsync(TestTimeout.Short));

        Assert.Contains("keys of two tenants", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await KeysOfAsync(tenant));
        Assert.Empty(await KeysOfAsync(other));
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task RunAsync_FirstKeyNotTheFence_ErrorsAndWritesNothing(string name)
    {
        var tenant = TestTenant.New();
        var (script, keys, args) = ScriptSamples.Call(name, tenant);
        keys[0] = new RoutingKeys(tenant).Agent("fence");

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => script.RunAsync(redis.GetDatabase(), keys, args).WaitAsync(TestTimeout.Short));

        Assert.Contains("fence", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await KeysOfAsync(tenant));
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task RunAsync_KeysOfOneTenant_RunsAndNeverWritesTheFence(string name)
    {
        var tenant = TestTenant.New();
        var (script, keys, args) = ScriptSamples.Call(name, tenant);

        await script.RunAsync(redis.GetDatabase(), keys, args).WaitAsync(TestTimeout.Short);

        Assert.Equal(new RoutingKeys(tenant).Fence, keys[0]);
        Assert.False(await redis.GetDatabase().KeyExistsAsync(keys[0]).WaitAsync(TestTimeout.Short));
    }

    private async Task<List<string>> KeysOfAsync(string tenant)
    {
        var found = new List<string>();
        await foreach (var key in redis.GetServers()[0].KeysAsync(pattern: $"*{tenant}*").WithCancellation(CancellationToken.None))
        {
            found.Add(key!);
        }

        return found;
    }
}

/// <summary>
/// On redis-server, also: an error raised in an include file names that file and line. (Garnet
/// reports Lua errors without a line, "?:-1", so there is nothing to map there.)
/// </summary>
public sealed class ScriptSafetyOnRedisTests(RedisServerFixture redis)
    : ScriptSafetyContract(redis.Connection), IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task RunAsync_ErrorInAnInclude_ReportsTheIncludeFileAndLine()
    {
        // Settings without "scan": matching fails where best_for first reads it (includes/match.lua).
        var command = new ConnectCommand(TestTenant.New(), "n1", "s1", ScriptSamples.Agent("a1"), ScriptSamples.Now);
        var lines = LuaScripts.ReadFile("includes/match.lua").Split('\n');
        var line = Array.FindIndex(lines, l => l.Contains("C.scan - 1)", StringComparison.Ordinal) && l.Contains("'aq:'", StringComparison.Ordinal)) + 1;

        var ex = await Assert.ThrowsAsync<RedisServerException>(() =>
            LuaScripts.Connect.RunAsync(redis.Connection.GetDatabase(), ConnectScript.Keys(command), ConnectScript.Args(command, "offer=30000")).WaitAsync(TestTimeout.Short));

        Assert.True(line > 0);
        Assert.Contains($"includes/match.lua:{line}:", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("connect: ", ex.Message, StringComparison.Ordinal);
    }
}

public sealed class ScriptSafetyOnGarnetTests(GarnetFixture garnet)
    : ScriptSafetyContract(garnet.Connection), IClassFixture<GarnetFixture>;
