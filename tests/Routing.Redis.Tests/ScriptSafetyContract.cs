using Routing.Core.Agents;
using Routing.Core.Channels;
using Routing.Core.Contacts;
using Routing.Core.Customers;
using Routing.Core.Rules;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>What every script does before it writes, on every backend: it refuses keys of two tenants.</summary>
public abstract class ScriptSafetyContract(IConnectionMultiplexer redis)
{
    internal static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly string Settings = new EngineSettings().ToArgument();

    public static TheoryData<string> ScriptNames => [.. LuaScripts.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task RunAsync_KeysOfTwoTenants_ErrorsAndWritesNothing(string name)
    {
        var tenant = TestTenant.New();
        var other = TestTenant.New();
        var (script, keys, args) = Call(name, tenant);
        var prefix = new RoutingKeys(tenant).Prefix;
        keys[^1] = ((string)keys[^1]!).Replace(prefix, new RoutingKeys(other).Prefix, StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<RedisServerException>(() => script.RunAsync(redis.GetDatabase(), keys, args).WaitAsync(TestTimeout.Short));

        Assert.Contains("keys of two tenants", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await KeysOfAsync(tenant));
        Assert.Empty(await KeysOfAsync(other));
    }

    [Theory]
    [MemberData(nameof(ScriptNames))]
    public async Task RunAsync_KeysOfOneTenant_RunsAndNeverWritesTheFence(string name)
    {
        var tenant = TestTenant.New();
        var (script, keys, args) = Call(name, tenant);

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

    internal static AgentProfile Agent(string id) => new(
        id,
        id,
        [new AgentSkill("general", 3, true)],
        new Dictionary<string, int> { ["chat"] = 2 },
        2,
        new Dictionary<string, IReadOnlyList<string>>(),
        [],
        "available");

    /// <summary>A valid call of each script for <paramref name="tenant"/>, built by its contract: each would write.</summary>
    private static (RedisScript Script, RedisKey[] Keys, RedisValue[] Args) Call(string name, string tenant)
    {
        switch (name)
        {
            case "enqueue":
                var contact = new ValidContact(new ChannelDefinition("chat", AddressKind.Handle, MergeWhileWaiting: true), "x-1", "alice", "", "hello", "", "en", new Dictionary<string, string>(), Now);
                var request = new EnqueueRequest(tenant, contact, new CustomerContext { CustomerId = "cus-1", PreferredAgentId = "a1" },
                    new RoutingDecision("default", "general", 10, [], TimeSpan.FromSeconds(60)), "cust:cus-1", true, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), Now, "n1");
                return (LuaScripts.Enqueue, EnqueueScript.Keys(request, "ct-1", "cv-1"), EnqueueScript.Args(request, "ct-1", "cv-1", 1, 60, Settings));
            case "cancel":
                var cancel = new CancelCommand(tenant, "ct-1", "gone", Now, "n1");
                return (LuaScripts.Cancel, CancelScript.Keys(cancel), CancelScript.Args(cancel, Settings));
            case "connect":
                var connect = new ConnectCommand(tenant, "n1", "s1", Agent("a1"), Now);
                return (LuaScripts.Connect, ConnectScript.Keys(connect), ConnectScript.Args(connect, Settings));
            case "status":
                var status = new StatusCommand(tenant, "n1", "a1", "s1", EngineAgentStatus.Away, "", Now);
                return (LuaScripts.Status, StatusScript.Keys(status), StatusScript.Args(status, Settings));
            case "accept":
                var accept = new AcceptCommand(tenant, "n1", "a1", "s1", "of-ct-1-1", Now);
                return (LuaScripts.Accept, AcceptScript.Keys(accept), AcceptScript.Args(accept, Settings));
            case "decline":
                var decline = new DeclineCommand(tenant, "n1", "a1", "s1", "of-ct-1-1", "", Now);
                return (LuaScripts.Decline, DeclineScript.Keys(decline), DeclineScript.Args(decline, Settings));
            case "complete":
                var complete = new CompleteCommand(tenant, "n1", "a1", "s1", "ct-1", "resolved", "", true, Now);
                return (LuaScripts.Complete, CompleteScript.Keys(complete), CompleteScript.Args(complete, Settings));
            case "transfer":
                var transfer = new TransferCommand(tenant, "n1", "a1", "s1", "ct-1", null, "a2", "", Now);
                return (LuaScripts.Transfer, TransferScript.Keys(transfer), TransferScript.Args(transfer, Settings));
            case "disconnect":
                var disconnect = new DisconnectCommand(tenant, "n1", "a1", "s1", Now);
                return (LuaScripts.Disconnect, DisconnectScript.Keys(disconnect), DisconnectScript.Args(disconnect, Settings));
            case "sweep":
                var sweep = new SweepCommand(tenant, "n1", 10, TimeSpan.FromSeconds(15), Now);
                return (LuaScripts.Sweep, SweepScript.Keys(sweep), SweepScript.Args(sweep, Settings));
            case "claim_writeback":
                var claim = new ClaimWriteBackCommand(tenant, 10, TimeSpan.FromSeconds(30), Now);
                return (LuaScripts.ClaimWriteBack, ClaimWriteBackScript.Keys(claim), ClaimWriteBackScript.Args(claim));
            default:
                throw new ArgumentOutOfRangeException(nameof(name), name, "No sample call for this script: add one.");
        }
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
        var command = new ConnectCommand(TestTenant.New(), "n1", "s1", Agent("a1"), Now);
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
