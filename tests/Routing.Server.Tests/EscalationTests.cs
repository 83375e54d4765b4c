using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Escalation over time end to end: a rule configured with a step, two server nodes sweeping one
/// Redis on a clock the test moves, a real desk and the Supervisor timeline.
/// </summary>
public sealed class EscalationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // NodeTimeout outlasts the clock's jump, so neither node declares the other dead when it moves.
    private static Dictionary<string, string?> Settings() => DeskTestKit.FastEngine(
        ("Engine:NodeTimeout", "00:10:00"),
        ("RoutingRules:Rules:0:Name", "french"),
        ("RoutingRules:Rules:0:When:Intents:0", "french"),
        ("RoutingRules:Rules:0:Queue", "general"),
        ("RoutingRules:Rules:0:Skills:0", "french"),
        ("RoutingRules:Rules:0:Escalation:0:After", "00:02:00"),
        ("RoutingRules:Rules:0:Escalation:0:DropAllSkills", "true"));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task RelaxSkills_OneOrTwoNodes_AppliedOnceAfterItsTime_AgentWithoutTheSkillGetsIt_TimelineShowsTheStep(int nodes)
    {
        var time = new MovableClock();
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a", configure: b => b.Services.AddSingleton<TimeProvider>(time));
        await using var other = nodes == 2 ? await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-b", configure: b => b.Services.AddSingleton<TimeProvider>(time)) : null;
        var nodeB = other ?? nodeA;
        await using var ada = await DeskClient.ConnectAsync(nodeB, "ada");
        var db = redis.Connection.GetDatabase();

        var receipt = await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat", intent: "french"));
        Assert.Equal(ContactState.Queued, receipt.State);

        // Both nodes swept after the submit (their heartbeats are later) and left it waiting: nobody speaks french.
        var submitted = time.GetUtcNow().ToUnixTimeMilliseconds();
        await Eventually.TrueAsync(async () =>
            (await db.SortedSetScoreAsync(nodeA.Keys.Nodes, "node-a")) > submitted + 100 && (other is null || (await db.SortedSetScoreAsync(nodeA.Keys.Nodes, "node-b")) > submitted + 100));
        Assert.Equal(ContactStates.Queued, (string?)await db.HashGetAsync(nodeA.Keys.Contact(receipt.ContactId), "state"));

        time.Advance(TimeSpan.FromMinutes(2));
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.NotNull((await ada.AcceptAsync(offer.OfferId)).Assigned);

        var supervisor = new Protos.V1.Supervisor.SupervisorClient(nodeB.Channel);
        var timeline = await supervisor.GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = receipt.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        var escalated = Assert.Single(timeline.Events, e => e.Kind == TimelineEventKind.Escalated);
        Assert.Equal(("escalated", "escalated: skills relaxed (french dropped) after 120 s", 1, "general"), (escalated.Name, escalated.Detail, escalated.EscalationStep, escalated.Queue));
        Assert.Contains(escalated.Node, new[] { "node-a", "node-b" });
        Assert.Equal(
            [TimelineEventKind.Received, TimelineEventKind.Queued, TimelineEventKind.Escalated, TimelineEventKind.Offered, TimelineEventKind.Accepted],
            timeline.Events.Select(e => e.Kind));
    }

    /// <summary>A wall clock the test moves; timers and elapsed time stay real (sweeps keep running).</summary>
    private sealed class MovableClock : TimeProvider
    {
        private long _offsetTicks;

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
    }
}
