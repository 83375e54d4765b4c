using Routing.Core.Agents;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Redis.Tests;

/// <summary>
/// The supervisor action scripts (move_contact, contact_priority, force_status, agent_profile) on
/// every backend: what each changes, the events it returns for the desks, and that a refusal
/// changes nothing. The tenant's invariants hold after each (RandomizedEngineTests' check).
/// </summary>
public abstract class SupervisorActionContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis);

    private SupervisorActionStore Actions => new(redis, _kit.Settings);

    private static DateTimeOffset At(double seconds) => EngineTestKit.At(seconds);

    [Fact]
    public async Task MoveContact_ToAQueue_KeepsItsPlaceAndOffersItToThatQueuesFreeAgent()
    {
        await _kit.ConnectAsync("bea", skills: [("billing", 4, true)]);
        var contact = await _kit.SubmitAsync(at: 1);
        var score = await _kit.Db.SortedSetScoreAsync(_kit.Keys.Queue("general"), contact.ContactId);

        var reply = await Actions.MoveContactAsync(new MoveContactCommand(_kit.Tenant, "n1", contact.ContactId, "billing", null, "sup", "", At(2)), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal(("ok", "billing", "bea", true), (reply.Code, reply.Queue, reply.AgentId, reply.Offered));
        Assert.Equal("bea", Assert.Single(reply.Events, e => e.Kind == RoutingEventKind.Offer).AgentId);
        Assert.Equal("billing", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "queue"));
        Assert.Equal(score.ToString(), (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "score"));
        Assert.Empty(await _kit.WaitingAsync("general"));
        Assert.Contains(await _kit.Store.GetTimelineAsync(_kit.Tenant, contact.ContactId, CancellationToken.None), t => t.Kind == "moved" && t.Queue == "billing");
        await AssertInvariantsAsync(contact.ContactId);
    }

    [Fact]
    public async Task MoveContact_ToABusyAgent_WaitsForIt_AndAnOfferedContactIsRefused()
    {
        await _kit.ConnectAsync("ada", capacity: new Dictionary<string, int> { ["chat"] = 1 }, total: 1);
        var held = await _kit.SubmitAsync(at: 1);
        var waiting = await _kit.SubmitAsync(at: 2);

        var refused = await Actions.MoveContactAsync(new MoveContactCommand(_kit.Tenant, "n1", held.ContactId, null, "ada", "sup", "", At(3)), CancellationToken.None).WaitAsync(TestTimeout.Short);
        var moved = await Actions.MoveContactAsync(new MoveContactCommand(_kit.Tenant, "n1", waiting.ContactId, null, "ada", "sup", "", At(3)), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal("contact_not_waiting", refused.Code);
        Assert.Equal(("ok", "ada", false), (moved.Code, moved.AgentId, moved.Offered));
        Assert.NotNull(await _kit.Db.SortedSetScoreAsync(_kit.Keys.AgentWaiting("ada"), waiting.ContactId));
        var offer = Assert.Single(held.Events, e => e.Kind == RoutingEventKind.Offer);
        Assert.True((await _kit.AcceptAsync("ada", offer.OfferId, 4)).Ok);
        var completed = await _kit.CompleteAsync("ada", held.ContactId, 5);
        Assert.Equal(waiting.ContactId, Assert.Single(completed.Events, e => e.Kind == RoutingEventKind.Offer).ContactId);
        await AssertInvariantsAsync(held.ContactId, waiting.ContactId);
    }

    [Fact]
    public async Task SetContactPriority_RescoresByTheWeight_AndAnUnknownContactIsNotFound()
    {
        var first = await _kit.SubmitAsync(at: 1);
        var second = await _kit.SubmitAsync(at: 2);

        var reply = await Actions.SetContactPriorityAsync(new ContactPriorityCommand(_kit.Tenant, "n1", second.ContactId, 20, "sup", At(3)), CancellationToken.None).WaitAsync(TestTimeout.Short);
        var unknown = await Actions.SetContactPriorityAsync(new ContactPriorityCommand(_kit.Tenant, "n1", "ct-none", 20, "sup", At(3)), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal(("ok", 10), (reply.Code, reply.Count));
        Assert.Equal("contact_not_found", unknown.Code);
        Assert.Equal([second.ContactId, first.ContactId], await _kit.WaitingAsync());
        Assert.Equal([second.ContactId, first.ContactId], (await _kit.Db.SortedSetRangeByRankAsync(_kit.Keys.QueueChannel("general", "chat"))).Select(v => (string)v!));
        await AssertInvariantsAsync(first.ContactId, second.ContactId);
    }

    [Fact]
    public async Task ForceStatus_AwayThenLogout_ReturnsOffersToOthersAndKeepsAssignments()
    {
        await _kit.ConnectAsync("ada", capacity: new Dictionary<string, int> { ["chat"] = 2 }, total: 2);
        var held = await _kit.SubmitAsync(at: 1);
        await _kit.AssignAsync("ada", held, 1);
        var offered = await _kit.SubmitAsync(at: 2);
        await _kit.ConnectAsync("bob", at: 2, status: EngineAgentStatus.Away);

        var away = await Actions.ForceStatusAsync(new ForceStatusCommand(_kit.Tenant, "n1", "ada", EngineAgentStatus.Away, "break", "away", "", "sup", At(3)), CancellationToken.None).WaitAsync(TestTimeout.Short);
        Assert.Equal(("break", "sup"), (Assert.Single(away.Events).StatusReason, away.Events[0].ChangedBy));
        Assert.Equal("offered", await _kit.StateAsync(offered.ContactId));
        await _kit.StatusAsync("bob", EngineAgentStatus.Available, 4);

        var logout = await Actions.ForceStatusAsync(new ForceStatusCommand(_kit.Tenant, "n1", "ada", EngineAgentStatus.Offline, "", "", "", "sup", At(5)), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal(("ok", 1), (logout.Code, logout.Count));
        Assert.Equal([RoutingEventKind.Revoke, RoutingEventKind.Offer, RoutingEventKind.LoggedOut], logout.Events.Select(e => e.Kind));
        Assert.Equal("bob", logout.Events[1].AgentId);
        Assert.Equal(("assigned", false), (await _kit.StateAsync(held.ContactId), (await _kit.AgentAsync("ada")).Connected));
        Assert.Equal("agent_not_connected", (await Actions.ForceStatusAsync(new ForceStatusCommand(_kit.Tenant, "n1", "ada", EngineAgentStatus.Offline, "", "", "", "sup", At(6)), CancellationToken.None).WaitAsync(TestTimeout.Short)).Code);
        await AssertInvariantsAsync(held.ContactId, offered.ContactId);
    }

    [Fact]
    public async Task AgentProfile_NewSkillsAndCapacity_MoveTheAgentBetweenFreeAgentIndexes_AndItPulls()
    {
        await _kit.ConnectAsync("ada", capacity: new Dictionary<string, int> { ["chat"] = 1 }, total: 1);
        var billing = await _kit.SubmitAsync(at: 1, queue: "billing");
        Assert.NotNull(await _kit.Db.SortedSetScoreAsync(_kit.Keys.FreeAgents("general", "chat"), "ada"));
        var profile = new AgentProfile("ada", "ada", [new AgentSkill("billing", 4, true)], new Dictionary<string, int> { ["chat"] = 2, ["email"] = 1 }, 3,
            new Dictionary<string, IReadOnlyList<string>>(), [], AgentStatuses.Available);

        var reply = await Actions.UpdateAgentProfileAsync(new AgentProfileCommand(_kit.Tenant, "n1", profile, "sup", At(2)), CancellationToken.None).WaitAsync(TestTimeout.Short);

        Assert.Equal("ok", reply.Code);
        var changed = reply.Events[0];
        Assert.Equal((RoutingEventKind.ProfileChanged, "billing:4:1", 3, "sup"), (changed.Kind, changed.Queues, changed.TotalCapacity, changed.ChangedBy));
        Assert.Equal(billing.ContactId, Assert.Single(reply.Events, e => e.Kind == RoutingEventKind.Offer).ContactId);
        Assert.Null(await _kit.Db.SortedSetScoreAsync(_kit.Keys.FreeAgents("general", "chat"), "ada"));
        Assert.NotNull(await _kit.Db.SortedSetScoreAsync(_kit.Keys.FreeAgents("billing", "chat"), "ada"));
        Assert.NotNull(await _kit.Db.SortedSetScoreAsync(_kit.Keys.FreeAgents("billing", "email"), "ada"));
        var state = await _kit.AgentAsync("ada");
        Assert.Equal((3, 2, 1), (state.TotalCapacity, state.Capacity["chat"], state.TotalLoad));
        await AssertInvariantsAsync(billing.ContactId);
    }

    private async Task AssertInvariantsAsync(params string[] contacts) =>
        Assert.Empty(await RandomizedEngineTests.CheckInvariantsAsync(_kit.Db, _kit.Keys, contacts));
}

public sealed class SupervisorActionsOnRedisTests(RedisServerFixture redis)
    : SupervisorActionContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class SupervisorActionsOnGarnetTests(GarnetFixture garnet)
    : SupervisorActionContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class SupervisorActionsOnClusterTests(RedisClusterFixture cluster)
    : SupervisorActionContract(cluster.Connection);
