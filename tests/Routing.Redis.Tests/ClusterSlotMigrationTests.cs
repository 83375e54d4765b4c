using System.Collections.Concurrent;
using System.Diagnostics;
using Routing.Testing;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace Routing.Redis.Tests;

/// <summary>
/// A tenant's slot moves to another primary (CLUSTER SETSLOT IMPORTING / MIGRATING, MIGRATE in
/// batches, SETSLOT NODE) while simulated gateways submit and desks accept, decline, complete,
/// change status and reconnect against the engine store. Scripts answered TRYAGAIN are retried by
/// the client; a script that fails any other way may have stopped half-way (a partial write), so
/// every such failure is reported. Afterwards every invariant of the tenant is checked.
/// Kept in a class of its own so it can be run alone: on scripts that touch undeclared keys it fails.
/// </summary>
[Collection(RedisClusterCollection.Name)]
public sealed class ClusterSlotMigrationTests(RedisClusterFixture fixture, ITestOutputHelper output)
{
    private const int Agents = 12;
    private const int Desks = 3;
    private const int Gateways = 2;
    private const int MaxStepsPerWorker = 1_000;
    private static readonly TimeSpan MigrationLimit = TimeSpan.FromSeconds(20);

    private readonly EngineTestKit _kit = new(fixture.Connection, new EngineSettings
    {
        OfferTimeout = TimeSpan.FromSeconds(60),
        DeclineCooldown = TimeSpan.FromSeconds(1),
        MaxConsecutiveExpiries = 3,
        AffinityWait = TimeSpan.FromSeconds(2),
        PreferredAgentWait = TimeSpan.FromSeconds(1),
        WrapUp = TimeSpan.FromMilliseconds(200),
        ReconnectGrace = TimeSpan.FromMinutes(5),
    });

    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (string Agent, string Contact)> _offers = [];
    private readonly Dictionary<string, string> _assigned = [];
    private readonly Dictionary<string, int> _accepted = [];
    private readonly List<string> _acknowledged = [];
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentDictionary<string, int> _counts = new();
    private volatile bool _migrating;
    private int _startedWhileMigrating;

    private RoutingEngineStore Engine => _kit.Engine;

    [Fact]
    public async Task MigrateTenantSlot_WhileDesksAndGatewaysWork_NoPartialWriteNoInvariantBrokenNothingLost()
    {
        for (var i = 0; i < Agents; i++)
        {
            Track((await _kit.ConnectAsync(Agent(i), at: Now(), node: Node(i), capacity: new() { ["chat"] = 2, ["email"] = 3, ["voice"] = 1 }, total: 4)).Events);
        }

        using var stop = new CancellationTokenSource();
        List<Task> workers =
        [
            .. Enumerable.Range(0, Gateways).Select(g => Task.Run(() => GatewayAsync(g, stop.Token))),
            .. Enumerable.Range(0, Desks).Select(d => Task.Run(() => DeskAsync(d, stop.Token))),
            Task.Run(() => SweeperAsync(stop.Token)),
        ];

        await Task.Delay(700);
        var migration = await SlotMigration.BeginAsync(fixture.Cluster, _kit.Keys.Agents);
        _migrating = true;
        var migrationTime = Stopwatch.StartNew();
        var batches = 0;
        var stranded = 0L;
        try
        {
            while (migrationTime.Elapsed < MigrationLimit && await migration.MoveBatchAsync(20) > 0)
            {
                batches++;
                await Task.Delay(10);
            }
        }
        catch (RedisServerException ex)
        {
            _failures.Enqueue($"MIGRATE refused after {migration.Moved} keys: {ex.Message}");
        }
        finally
        {
            // Keys still on the source were refused by MIGRATE or written there after the last batch.
            stranded = await migration.RemainingAsync();
            if (stranded > 0)
            {
                await migration.ForceMoveRemainingAsync();
            }

            await migration.FinishAsync();
            _migrating = false;
            migrationTime.Stop();
        }

        await Task.Delay(700);
        await stop.CancelAsync();
        await Task.WhenAll(workers).WaitAsync(TestTimeout.Long);

        List<string> contacts;
        lock (_gate)
        {
            contacts = [.. _acknowledged.Distinct()];
        }

        var broken = await RandomizedEngineTests.CheckInvariantsAsync(fixture.Connection.GetDatabase(), _kit.Keys, contacts);
        var twice = _accepted.Where(a => a.Value > 1).Select(a => $"{a.Key} accepted {a.Value} times").ToList();

        output.WriteLine($"slot {migration.Slot} {migration.Source.EndPoint} -> {migration.Target.EndPoint}: {migration.Moved} keys in {batches} batches, " +
            $"{migrationTime.ElapsedMilliseconds} ms; {_startedWhileMigrating} commands started while it moved; {contacts.Count} contacts acknowledged; " +
            string.Join(", ", _counts.OrderBy(c => c.Key).Select(c => $"{c.Key} {c.Value}")));
        foreach (var failure in _failures.Take(20))
        {
            output.WriteLine("failure: " + failure);
        }

        Assert.True(_startedWhileMigrating > 0, "no command ran against the slot while it migrated");
        Assert.True(_counts.GetValueOrDefault("accept:Ok") > 10 && _counts.GetValueOrDefault("complete:Ok") > 5, "too little desk work to mean anything");
        List<string> problems =
        [
            .. _failures.IsEmpty ? [] : new[] { $"{_failures.Count} commands failed, each may have left a partial write: {string.Join(" | ", _failures.Take(3))}" },
            .. twice,
            .. broken.Take(10).Select(b => "invariant: " + b),
            .. stranded == 0 ? [] : new[] { $"{stranded} keys of the slot left behind on the source (moved with REPLACE to finish)" },
        ];
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(migration.Target, await fixture.Cluster.OwnerAsync(_kit.Keys.Agents));
    }

    private static string Agent(int i) => $"ag{i:D2}";

    private static string Node(int i) => i % 2 == 0 ? "n1" : "n2";

    private double Now() => _clock.Elapsed.TotalSeconds;

    private async Task GatewayAsync(int gateway, CancellationToken stop)
    {
        var random = new Random(1000 + gateway);
        for (var step = 0; step < MaxStepsPerWorker && !stop.IsCancellationRequested; step++)
        {
            var channel = random.Next(10) switch { < 5 => "chat", < 8 => "email", _ => "voice" };
            await RunAsync("submit", async () =>
            {
                var result = await _kit.SubmitAsync(channel, at: Now(), customer: $"cus-{random.Next(40)}", node: Node(gateway));
                lock (_gate)
                {
                    _acknowledged.Add(result.ContactId);
                }

                Track(result.Events);
                return "Ok";
            });
            await Task.Delay(random.Next(5, 15), CancellationToken.None);
        }
    }

    private async Task DeskAsync(int desk, CancellationToken stop)
    {
        var random = new Random(2000 + desk);
        var agents = Enumerable.Range(0, Agents).Where(i => i % Desks == desk).ToList();
        for (var step = 0; step < MaxStepsPerWorker && !stop.IsCancellationRequested; step++)
        {
            var i = agents[random.Next(agents.Count)];
            var agent = Agent(i);
            var session = EngineTestKit.Session(agent);
            KeyValuePair<string, (string Agent, string Contact)>? offer;
            string? held;
            lock (_gate)
            {
                offer = _offers.Where(o => o.Value.Agent == agent).Select(o => (KeyValuePair<string, (string, string)>?)o).FirstOrDefault();
                held = _assigned.Where(a => a.Value == agent).Select(a => a.Key).FirstOrDefault();
                if (offer is not null)
                {
                    _offers.Remove(offer.Value.Key);
                }
            }

            var roll = random.Next(100);
            if (offer is { } o && roll < 90)
            {
                await RunAsync("accept", async () =>
                {
                    var outcome = await Engine.AcceptAsync(new AcceptCommand(_kit.Tenant, Node(i), agent, session, o.Key, EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    if (outcome.Ok)
                    {
                        lock (_gate)
                        {
                            _assigned[o.Value.Contact] = agent;
                            _accepted[o.Value.Contact] = _accepted.GetValueOrDefault(o.Value.Contact) + 1;
                        }
                    }

                    Track(outcome.Events);
                    return outcome.Code.ToString();
                });
            }
            else if (offer is { } declined)
            {
                await RunAsync("decline", async () =>
                {
                    var outcome = await Engine.DeclineAsync(new DeclineCommand(_kit.Tenant, Node(i), agent, session, declined.Key, "busy", EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    Track(outcome.Events);
                    return outcome.Code.ToString();
                });
            }
            else if (held is not null && roll < 80)
            {
                await RunAsync("complete", async () =>
                {
                    var outcome = await Engine.CompleteAsync(new CompleteCommand(_kit.Tenant, Node(i), agent, session, held, "resolved", "", random.Next(2) == 0, EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    if (!outcome.Ok)
                    {
                        // Nothing here returns an assignment (no transfer, no grace runs out): a refusal means the engine lost it.
                        _failures.Enqueue($"complete of {held} by {agent} refused: {outcome.Code}");
                    }

                    lock (_gate)
                    {
                        _assigned.Remove(held);
                    }

                    Track(outcome.Events);
                    return outcome.Code.ToString();
                });
            }
            else if (roll < 93)
            {
                await RunAsync("status", async () =>
                {
                    Track((await Engine.ChangeStatusAsync(new StatusCommand(_kit.Tenant, Node(i), agent, session, EngineAgentStatus.Away, "break", EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events);
                    var back = await Engine.ChangeStatusAsync(new StatusCommand(_kit.Tenant, Node(i), agent, session, EngineAgentStatus.Available, "", EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    Track(back.Events);
                    return back.Code.ToString();
                });
            }
            else
            {
                await RunAsync("reconnect", async () =>
                {
                    var gone = await Engine.DisconnectAsync(new DisconnectCommand(_kit.Tenant, Node(i), agent, session, EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short);
                    lock (_gate)
                    {
                        foreach (var id in _offers.Where(x => x.Value.Agent == agent).Select(x => x.Key).ToList())
                        {
                            _offers.Remove(id);
                        }
                    }

                    Track(gone.Events);
                    Track((await _kit.ConnectAsync(agent, at: Now(), node: Node(i), session: session, capacity: new() { ["chat"] = 2, ["email"] = 3, ["voice"] = 1 }, total: 4)).Events);
                    return gone.Code.ToString();
                });
            }

            await Task.Delay(random.Next(2, 8), CancellationToken.None);
        }
    }

    private async Task SweeperAsync(CancellationToken stop)
    {
        for (var step = 0; step < MaxStepsPerWorker && !stop.IsCancellationRequested; step++)
        {
            foreach (var node in new[] { "n1", "n2" })
            {
                await RunAsync("sweep", async () =>
                {
                    Track((await Engine.SweepAsync(new SweepCommand(_kit.Tenant, node, 200, TimeSpan.FromSeconds(15), EngineTestKit.At(Now())), CancellationToken.None).WaitAsync(TestTimeout.Short)).Events);
                    return "Ok";
                });
            }

            await Task.Delay(50, CancellationToken.None);
        }
    }

    // Counts each command by its outcome code; an exception is a failure: the script may have stopped half-way.
    private async Task RunAsync(string kind, Func<Task<string>> command)
    {
        if (_migrating)
        {
            Interlocked.Increment(ref _startedWhileMigrating);
        }

        try
        {
            var code = await command();
            _counts.AddOrUpdate($"{kind}:{code}", 1, (_, n) => n + 1);
        }
        catch (Exception ex)
        {
            _failures.Enqueue($"{kind} at {Now():F2} s{(_migrating ? " while migrating" : "")}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Track(IReadOnlyList<RoutingEvent> events)
    {
        lock (_gate)
        {
            foreach (var e in events)
            {
                if (e.Kind == RoutingEventKind.Revoke)
                {
                    _offers.Remove(e.OfferId);
                }
                else if (e.Kind == RoutingEventKind.Offer)
                {
                    _offers[e.OfferId] = (e.AgentId, e.ContactId);
                }
            }
        }
    }
}
