using Routing.Core.Rules;
using Routing.Testing;
using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// Escalation over time (Scripts/includes/escalate.lua), on every backend with an explicit clock:
/// each step applies once, when due, only to a contact still waiting, and keeps every queue set right.
/// </summary>
public abstract class EscalationContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis);

    private static EscalationStep Step(double afterSeconds) => new() { After = TimeSpan.FromSeconds(afterSeconds) };

    [Fact]
    public async Task RelaxSkills_NoAgentHasTheSkill_OfferedToAnAgentWithoutItAtTheStepNotBefore()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var relax = Step(120);
        relax.DropAllSkills = true;
        var contact = await _kit.SubmitAsync(at: 0, skills: ["french"], escalation: [relax]);
        Assert.Empty(contact.Events);

        Assert.Empty(await _kit.SweepAsync(119.999));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(contact.ContactId));

        var events = await _kit.SweepAsync(120);

        Assert.Equal(contact.ContactId, OfferIn(events, "a1").ContactId);
        var escalated = Assert.Single(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated");
        Assert.Equal("escalated: skills relaxed (french dropped) after 120 s", escalated.Detail);
        Assert.Equal(1, escalated.Step);
        Assert.Equal(At(120).ToUnixTimeMilliseconds(), escalated.At);
    }

    [Fact]
    public async Task RelaxNamedSkill_KeepsTheOthers()
    {
        await _kit.ConnectAsync("a1", at: 0, skills: [("general", 3, true), ("vip", 3, false)]);
        var relax = Step(30);
        relax.DropSkills = ["french"];
        var contact = await _kit.SubmitAsync(at: 0, skills: ["french", "vip"], escalation: [relax]);
        Assert.Empty(contact.Events);

        OfferIn(await _kit.SweepAsync(30), "a1");
        Assert.Equal("[\"vip\"]", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "skills"));
    }

    [Fact]
    public async Task LowerMinProficiency_AnAgentBelowTheRulesMinimumGetsItAfterTheStep()
    {
        await _kit.ConnectAsync("a1", at: 0, skills: [("general", 3, true), ("french", 2, false)]);
        var lower = Step(45);
        lower.MinProficiency = 2;
        var contact = await _kit.SubmitAsync(at: 0, skills: ["french"], escalation: [lower], minProficiency: 4);
        Assert.Empty(contact.Events);
        Assert.Empty(await _kit.SweepAsync(44));

        OfferIn(await _kit.SweepAsync(45), "a1");
        Assert.Contains("minimum proficiency 4 to 2", Assert.Single(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overflow_MovesTheContactAndAnAgentOfTheOtherQueueGetsIt()
    {
        await _kit.ConnectAsync("b1", at: 0, skills: [("billing", 3, true)]);
        var overflow = Step(60);
        overflow.OverflowTo = "billing";
        var contact = await _kit.SubmitAsync(at: 0, escalation: [overflow]);
        Assert.Empty(contact.Events);

        var events = await _kit.SweepAsync(60);

        Assert.Equal(contact.ContactId, OfferIn(events, "b1").ContactId);
        Assert.Equal("billing", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "queue"));
        Assert.Empty(await _kit.WaitingAsync("general"));
        Assert.Empty(await _kit.WaitingAsync("billing"));
        Assert.Contains("overflowed from general to billing", Assert.Single(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated").Detail, StringComparison.Ordinal);
        Assert.Equal(0, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("general"), "chat"));
    }

    [Fact]
    public async Task RaisePriority_MovesTheContactAheadOfAnotherWaitingOne()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Away);
        var raise = Step(30);
        raise.Priority = 40;
        var first = await _kit.SubmitAsync(at: 0, priority: 20);
        var second = await _kit.SubmitAsync(at: 10, priority: 10, escalation: [raise]);
        Assert.Equal([first.ContactId, second.ContactId], await _kit.WaitingAsync());

        await _kit.SweepAsync(40);

        Assert.Equal([second.ContactId, first.ContactId], await _kit.WaitingAsync());
        Assert.Equal("40", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(second.ContactId), "prio"));
        var back = await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 41);
        Assert.Equal([second.ContactId, first.ContactId], back.Events.Where(e => e.Kind == RoutingEventKind.Offer).Select(e => e.ContactId));
    }

    [Fact]
    public async Task Widen_AnAgentOfTheOtherQueueTakesIt_AndNoQueueSetKeepsIt()
    {
        await _kit.ConnectAsync("b1", at: 0, skills: [("billing", 3, true)], status: EngineAgentStatus.Away);
        var widen = Step(30);
        widen.WidenTo = ["billing"];
        var contact = await _kit.SubmitAsync(at: 0, escalation: [widen]);

        Assert.Empty(await _kit.SweepAsync(30));
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("general"));
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("billing"));
        Assert.Equal("general", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "queue"));

        // The agent of billing pulls it; declining puts it back in both queues; then it is accepted.
        var offer = OfferIn((await _kit.StatusAsync("b1", EngineAgentStatus.Available, at: 31)).Events, "b1");
        await AssertInNoQueueSetAsync(contact.ContactId);
        await _kit.DeclineAsync("b1", offer.OfferId, at: 32);
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("general"));
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("billing"));
        Assert.Equal(1, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("billing"), "chat"));

        await _kit.ConnectAsync("b2", at: 33, skills: [("billing", 3, true)], status: EngineAgentStatus.Away);
        var second = OfferIn((await _kit.StatusAsync("b2", EngineAgentStatus.Available, at: 34)).Events, "b2");
        Assert.True((await _kit.AcceptAsync("b2", second.OfferId, at: 35)).Ok);

        await AssertInNoQueueSetAsync(contact.ContactId);
        Assert.Equal(0, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("billing"), "chat"));
        Assert.Equal(0, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("general"), "chat"));
    }

    [Fact]
    public async Task Widen_MatchesAFreeAgentOfTheOtherQueueAtOnce_AndCancelLeavesEveryQueue()
    {
        await _kit.ConnectAsync("b1", at: 0, skills: [("billing", 3, true)]);
        var widen = Step(30);
        widen.WidenTo = ["billing", "sales"];
        var contact = await _kit.SubmitAsync(at: 0, escalation: [widen]);

        var offer = OfferIn(await _kit.SweepAsync(30), "b1");
        await AssertInNoQueueSetAsync(contact.ContactId);

        // Declined: back in all three; cancelled by the gateway: in none.
        await _kit.DeclineAsync("b1", offer.OfferId, at: 31);
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("sales"));
        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, contact.ContactId, "caller hung up", At(32), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.True(cancelled.Cancelled);
        await AssertInNoQueueSetAsync(contact.ContactId);
        Assert.Equal(0, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("sales"), "chat"));
    }

    [Fact]
    public async Task Widened_ThenErased_LeavesEveryQueue_AndItsDueStepFindsNothing()
    {
        var widen = Step(30);
        widen.WidenTo = ["billing"];
        var contact = await _kit.SubmitAsync(at: 0, customer: "cus-erase", escalation: [widen, Step(60)]);
        await _kit.SweepAsync(30);
        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("billing"));

        var erased = await new CustomerDataStore(redis, _kit.Settings).EraseThreadAsync(new EraseCommand(_kit.Tenant, "cust:cus-erase", "erased", At(31), "n1"), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal([contact.ContactId], erased.Erased);
        await AssertInNoQueueSetAsync(contact.ContactId);
        Assert.Equal(0, (long)await _kit.Db.HashGetAsync(_kit.Keys.QueueWaiting("billing"), "chat"));
        await _kit.SweepAsync(60);
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Contact(contact.ContactId)));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Escalations));
    }

    [Fact]
    public async Task Widened_ThenTransferredToAQueue_WaitsOnlyWhereItIsSent()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Away);
        var widen = Step(30);
        widen.WidenTo = ["billing"];
        var contact = await _kit.SubmitAsync(at: 0, escalation: [widen]);
        await _kit.SweepAsync(30);
        var offer = OfferIn((await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 31)).Events, "a1");
        Assert.True((await _kit.AcceptAsync("a1", offer.OfferId, at: 32)).Ok);
        await _kit.StatusAsync("a1", EngineAgentStatus.Away, at: 33);

        Assert.True((await _kit.TransferAsync("a1", contact.ContactId, "sales", null, at: 34)).Ok);

        Assert.Equal([contact.ContactId], await _kit.WaitingAsync("sales"));
        Assert.Empty(await _kit.WaitingAsync("billing"));
        Assert.Empty(await _kit.WaitingAsync("general"));
        Assert.False(await _kit.Db.HashExistsAsync(_kit.Keys.Contact(contact.ContactId), "wq"));
    }

    [Fact]
    public async Task AcceptedBeforeItsStep_IsUntouched()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var raise = Step(60);
        raise.RaisePriorityBy = 50;
        raise.WidenTo = ["billing"];
        var contact = await _kit.SubmitAsync(at: 0, escalation: [raise, Step(120)]);
        await _kit.AssignAsync("a1", contact, at: 5);

        await _kit.SweepAsync(60);
        await _kit.SweepAsync(120);

        Assert.DoesNotContain(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated");
        Assert.Equal("10", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "prio"));
        Assert.Empty(await _kit.WaitingAsync("billing"));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Escalations));
    }

    [Fact]
    public async Task OfferedWhenDue_TheStepWaitsForTheOfferToEnd()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var raise = Step(10);
        raise.RaisePriorityBy = 5;
        var contact = await _kit.SubmitAsync(at: 0, escalation: [raise]);
        var offer = OfferIn(contact, "a1");

        await _kit.SweepAsync(10);
        Assert.DoesNotContain(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated");

        await _kit.DeclineAsync("a1", offer.OfferId, at: 15);
        await _kit.SweepAsync(30);

        Assert.Single(await TimelineAsync(contact.ContactId), e => e.Kind == "escalated");
        Assert.Equal("15", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "prio"));
    }

    [Fact]
    public async Task TwoNodesSweeping_ApplyAStepExactlyOnce_ThenTheNextOne()
    {
        var first = Step(60);
        first.RaisePriorityBy = 10;
        var second = Step(90);
        second.RaisePriorityBy = 10;
        var contact = await _kit.SubmitAsync(at: 0, escalation: [first, second]);

        await Task.WhenAll(_kit.SweepAsync(60, "n1"), _kit.SweepAsync(60, "n2"), _kit.SweepAsync(61, "n1"), _kit.SweepAsync(61, "n2"));

        Assert.Equal([1], (await TimelineAsync(contact.ContactId)).Where(e => e.Kind == "escalated").Select(e => e.Step ?? 0));
        Assert.Equal("20", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "prio"));
        Assert.Equal(At(90).ToUnixTimeMilliseconds(), await _kit.Db.SortedSetScoreAsync(_kit.Keys.Escalations, contact.ContactId));

        await Task.WhenAll(_kit.SweepAsync(90, "n2"), _kit.SweepAsync(90, "n1"));

        Assert.Equal([1, 2], (await TimelineAsync(contact.ContactId)).Where(e => e.Kind == "escalated").Select(e => e.Step ?? 0));
        Assert.Equal("30", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "prio"));
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.Escalations));
    }

    private Task<IReadOnlyList<TimelineEntry>> TimelineAsync(string contactId) =>
        _kit.Store.GetTimelineAsync(_kit.Tenant, contactId, CancellationToken.None).WaitAsync(TestTimeout.Short);

    private async Task AssertInNoQueueSetAsync(string contactId)
    {
        foreach (var queue in new[] { "general", "billing", "sales" })
        {
            Assert.Null(await _kit.Db.SortedSetScoreAsync(_kit.Keys.Queue(queue), contactId));
            Assert.Null(await _kit.Db.SortedSetScoreAsync(_kit.Keys.QueueChannel(queue, "chat"), contactId));
        }
    }
}

public sealed class EscalationOnRedisTests(RedisServerFixture redis)
    : EscalationContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class EscalationOnGarnetTests(GarnetFixture garnet)
    : EscalationContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class EscalationOnClusterTests(RedisClusterFixture cluster)
    : EscalationContract(cluster.Connection);
