using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Routing.Protos.V1;
using Routing.Testing;
using Xunit.Abstractions;

namespace Routing.Server.Tests;

/// <summary>
/// redis-server killed and started again (append-only file, fsync always, same port and data)
/// while gateways keep submitting to two server processes: nothing acknowledged is lost, callers
/// see only UNAVAILABLE meanwhile, and both nodes serve again without a restart of their own.
/// </summary>
public sealed class RedisRestartTests(ITestOutputHelper output)
{
    private const int MaxSubmitsPerNode = 400;

    [Fact]
    public async Task RedisRestartedUnderSubmits_EveryAcknowledgedContactSurvives_CallersSeeOnlyUnavailable_AndBothNodesRecover()
    {
        var data = Directory.CreateTempSubdirectory("routing-redis-aof-").FullName;
        await using var redis = await RedisServerProcess.StartAsync(data);
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerProcess.StartAsync(redis.ConnectionString, tenant, "node-a");
        await using var nodeB = await RoutingServerProcess.StartAsync(redis.ConnectionString, tenant, "node-b");

        // Idle desks across the outage, on chat only; the gateways submit e-mails, which they never take.
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada", h => NodeFaultTests.Capacity(h, ("chat", 1), ("email", 0)));
        await using var bob = await DeskClient.ConnectAsync(nodeB, "bob", h => NodeFaultTests.Capacity(h, ("chat", 1), ("email", 0)));

        var acknowledged = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<StatusCode, int>();
        var afterRestart = new ConcurrentDictionary<string, int>();
        var restarted = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        async Task SubmitLoopAsync(RoutingServerProcess node)
        {
            var client = new ContactIngest.ContactIngestClient(node.Channel);
            for (var i = 0; i < MaxSubmitsPerNode && !stop.IsCancellationRequested; i++)
            {
                var wasRestarted = Volatile.Read(ref restarted) == 1;
                try
                {
                    var reply = await client.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("email") }, deadline: DateTime.UtcNow.AddSeconds(30));
                    acknowledged.Add(reply.Receipt.ContactId);
                    statuses.AddOrUpdate(StatusCode.OK, 1, (_, n) => n + 1);
                    if (wasRestarted && afterRestart.AddOrUpdate(node.Node, 1, (_, n) => n + 1) >= 20)
                    {
                        return;
                    }
                }
                catch (RpcException ex)
                {
                    statuses.AddOrUpdate(ex.StatusCode, 1, (_, n) => n + 1);
                    if (statuses[ex.StatusCode] == 1 || ex.StatusCode != StatusCode.Unavailable)
                    {
                        output.WriteLine($"{node.Node}: {ex.StatusCode} {ex.Status.Detail} [{ex.Trailers.GetValue("routing-error")}]");
                    }

                    await Task.Delay(50);
                }

                await Task.Delay(20);
            }
        }

        var gateways = new[] { SubmitLoopAsync(nodeA), SubmitLoopAsync(nodeB) };
        await Eventually.TrueAsync(() => Task.FromResult(acknowledged.Count >= 20), TestTimeout.Short);
        var killedAt = Stopwatch.GetTimestamp();
        // Down for longer than StackExchange.Redis keeps commands waiting for a reconnect (5 s), so calls do fail meanwhile.
        await redis.RestartAsync(TimeSpan.FromSeconds(6));
        output.WriteLine($"redis-server answered again {Stopwatch.GetElapsedTime(killedAt).TotalMilliseconds:F0} ms after the kill");
        Volatile.Write(ref restarted, 1);
        await Task.WhenAll(gateways).WaitAsync(TestTimeout.Long);

        output.WriteLine("statuses seen by the gateways: " + string.Join(", ", statuses.Select(s => $"{s.Key} {s.Value}")));
        Assert.Equal([StatusCode.OK, StatusCode.Unavailable], statuses.Keys.Order());
        Assert.True(statuses[StatusCode.OK] >= 20 + 40 && statuses[StatusCode.Unavailable] >= 2, "calls before, during and after the outage");
        Assert.All(["node-a", "node-b"], n => Assert.True(afterRestart.GetValueOrDefault(n) >= 20, $"{n} took submits again after the restart"));
        var db = redis.Connection.GetDatabase();
        var missing = new List<string>();
        foreach (var id in acknowledged)
        {
            if ((string?)await db.HashGetAsync(nodeA.Keys.Contact(id), "state").WaitAsync(TestTimeout.Short) != "queued")
            {
                missing.Add(id);
            }
        }

        output.WriteLine($"{acknowledged.Count} contacts acknowledged, {missing.Count} not found queued afterwards");
        Assert.Empty(missing);

        // Both nodes deliver again across nodes: a chat submitted to B reaches ada on A (idle the longest), one submitted to A reaches bob on B.
        async Task<string> OfferedToAsync(DeskClient desk)
        {
            try
            {
                return (await desk.NextOfferAsync()).Contact.ContactId;
            }
            catch (Exception ex) when (ex is System.Threading.Channels.ChannelClosedException or OperationCanceledException)
            {
                throw new Xunit.Sdk.XunitException($"{desk.AgentId} got no offer (stream: {desk.EndStatus}).{Environment.NewLine}node-a:{Environment.NewLine}{nodeA.Output}{Environment.NewLine}node-b:{Environment.NewLine}{nodeB.Output}");
            }
        }

        var toAda = await NodeFaultTests.SubmitAsync(nodeB, DeskTestKit.NewCustomer("chat"));
        Assert.Equal(toAda.ContactId, await OfferedToAsync(ada));
        var toBob = await NodeFaultTests.SubmitAsync(nodeA, DeskTestKit.NewCustomer("chat"));
        Assert.Equal(toBob.ContactId, await OfferedToAsync(bob));
        Assert.False(nodeA.HasExited || nodeB.HasExited, nodeA.Output + nodeB.Output);
        Assert.DoesNotContain("Unhandled exception", nodeA.Output + nodeB.Output, StringComparison.Ordinal);
    }
}
