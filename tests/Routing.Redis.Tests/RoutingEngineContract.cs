using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// The routing engine's rules, each one atomic script, checked against every backend (real Redis 7
/// and the embedded Garnet) with an explicit clock.
/// </summary>
public abstract class RoutingEngineContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis);

    [Fact]
    public async Task NewContact_GoesToTheLongestIdleFreeAgent()
    {
        await _kit.ConnectAsync("a1", at: 0);
        await _kit.ConnectAsync("a2", at: 1);

        var contact = await _kit.SubmitAsync(at: 2);

        var offer = OfferIn(contact, "a1");
        Assert.Equal(EngineOfferReason.Strategy, offer.OfferReason);
        Assert.Equal("n1", offer.Node);
        Assert.Equal(Session("a1"), offer.Session);
        Assert.Equal(At(2).AddSeconds(30).ToUnixTimeMilliseconds(), offer.ExpiresAt);
        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(contact.ContactId));
        Assert.Equal(0, contact.Position);
    }

    [Theory]
    [InlineData("most_skilled", "a2")]
    [InlineData("longest_idle", "a1")]
    [InlineData("least_occupied", "a2")]
    [InlineData("round_robin", "a2")]
    public async Task Strategy_PerQueue_ChoosesTheAgent(string strategy, string expected)
    {
        await _kit.Db.HashSetAsync(_kit.Keys.QueueStrategies, "general", strategy);
        // a1: idle longest, less skilled, holding one email, offered most recently (round robin).
        await _kit.ConnectAsync("a1", at: 0, skills: [("general", 2, true)]);
        await _kit.ConnectAsync("a2", at: 5, skills: [("general", 5, true)]);
        var email = await _kit.SubmitAsync("email", at: 6);
        var first = OfferIn(email);
        await _kit.AcceptAsync(first.AgentId, first.OfferId, at: 7);
        if (first.AgentId == "a2")
        {
            // most_skilled / least_occupied / round robin may pick a2 first: make a1 the busy one for the real check.
            await _kit.CompleteAsync("a2", email.ContactId, at: 8);
            await _kit.StatusAsync("a2", EngineAgentStatus.Away, at: 8);
            var other = await _kit.SubmitAsync("email", at: 9);
            await _kit.AssignAsync("a1", other, at: 9);
            await _kit.StatusAsync("a2", EngineAgentStatus.Available, at: 10);
        }

        var contact = await _kit.SubmitAsync("chat", at: 11);

        Assert.Equal(expected, OfferIn(contact).AgentId);
    }

    [Fact]
    public async Task Strategy_OfEachOfTheAgentsQueues_RanksItInThatQueue()
    {
        // The strategies of an agent's queues are read together (one HMGET): each queue's free-agent
        // set must still rank the agent by that queue's own strategy, also after an offer via one of them.
        await _kit.Db.HashSetAsync(_kit.Keys.QueueStrategies, [new("general", "most_skilled"), new("vip", "round_robin"), new("sales", "least_occupied")]);
        await _kit.ConnectAsync("a1", at: 0, skills: [("general", 4, true), ("vip", 2, true), ("billing", 3, false), ("sales", 5, true)]);
        var idle = (double)await _kit.Db.HashGetAsync(_kit.Keys.Agent("a1"), "idle");

        async Task<double?> Score(string queue) => await _kit.Db.SortedSetScoreAsync(_kit.Keys.FreeAgents(queue, "chat"), "a1");
        Assert.Equal(6e13 + idle, await Score("general"));
        Assert.Equal(0, await Score("vip"));
        Assert.Equal(idle, await Score("billing"));
        Assert.Equal(idle, await Score("sales"));

        var contact = await _kit.SubmitAsync("chat", at: 2, queue: "vip");

        Assert.Equal("round_robin in vip (never offered before)", OfferIn(contact, "a1").OfferDetail);
        Assert.Equal(6e13 + idle, await Score("general"));
        Assert.Equal(At(2).ToUnixTimeMilliseconds(), await Score("vip"));
        Assert.Equal(idle, await Score("billing"));
        Assert.Equal(16e13 + idle, await Score("sales"));
    }

    [Fact]
    public async Task RequiredSkills_SkipAgentsWithoutThem()
    {
        await _kit.ConnectAsync("a1", at: 0);
        await _kit.ConnectAsync("a2", at: 1, skills: [("general", 3, true), ("french", 4, false)]);

        var contact = await _kit.SubmitAsync(at: 2, skills: ["french"]);

        OfferIn(contact, "a2");
    }

    [Fact]
    public async Task AgentPull_TakesPriorityFirstThenWaitingTime_WithAging()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Away, capacity: new() { ["chat"] = 1 }, total: 1);
        var old = await _kit.SubmitAsync(at: 0, priority: 10);          // score t0 - 10 min
        var urgent = await _kit.SubmitAsync(at: 60, priority: 50);      // score t0 + 1 min - 50 min
        var newer = await _kit.SubmitAsync(at: 660, priority: 20);      // score t0 + 11 min - 20 min: behind 'old' (aging)
        Assert.Equal([urgent.ContactId, old.ContactId, newer.ContactId], await _kit.WaitingAsync());

        var back = await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 700);
        var offer = OfferIn(back, "a1");
        Assert.Equal(urgent.ContactId, offer.ContactId);
        Assert.Equal(EngineOfferReason.Pull, offer.OfferReason);
        await _kit.AcceptAsync("a1", offer.OfferId, at: 701);
        var next = await _kit.CompleteAsync("a1", urgent.ContactId, at: 702);
        Assert.Equal(old.ContactId, OfferIn(next).ContactId);
    }

    [Fact]
    public async Task AgentPull_ServesPrimaryQueuesBeforeSecondary()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Away, skills: [("general", 3, true), ("billing", 3, false)]);
        var billing = await _kit.SubmitAsync(at: 0, queue: "billing", priority: 90);
        var general = await _kit.SubmitAsync(at: 5, queue: "general", priority: 10);

        var back = await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 10);

        var offers = back.Events.Where(e => e.Kind == RoutingEventKind.Offer).Select(e => e.ContactId).ToList();
        Assert.Equal([general.ContactId, billing.ContactId], offers);
    }

    [Fact]
    public async Task Capacity_PerChannelAndTotal_IsNeverExceeded()
    {
        await _kit.ConnectAsync("a1", at: 0, capacity: new() { ["chat"] = 2, ["email"] = 5 }, total: 3);
        var chats = new List<EnqueueResult>();
        for (var i = 0; i < 3; i++)
        {
            chats.Add(await _kit.SubmitAsync("chat", at: 1 + i));
        }

        Assert.Equal(2, chats.Count(c => c.Events.Count > 0));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(chats[2].ContactId));
        var email = await _kit.SubmitAsync("email", at: 5);
        Assert.Single(email.Events);
        var email2 = await _kit.SubmitAsync("email", at: 6);
        Assert.Empty(email2.Events);

        var agent = await _kit.AgentAsync("a1");
        Assert.Equal(3, agent.TotalLoad);
        Assert.Equal(2, agent.Load["chat"]);
    }

    [Fact]
    public async Task Voice_BlocksChat_AndChatBlocksVoice()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var call = await _kit.SubmitAsync("voice", at: 1);
        await _kit.AssignAsync("a1", call, at: 2);

        var chat = await _kit.SubmitAsync("chat", at: 3);
        Assert.Empty(chat.Events);
        var email = await _kit.SubmitAsync("email", at: 4);
        OfferIn(email, "a1");

        var done = await _kit.CompleteAsync("a1", call.ContactId, at: 10);
        Assert.Equal(chat.ContactId, OfferIn(done, "a1").ContactId);
        var voice = await _kit.SubmitAsync("voice", at: 11);
        Assert.Empty(voice.Events);
    }

    [Fact]
    public async Task WrapUp_KeepsTheSlotBusyUntilTheSweepReleasesIt()
    {
        await _kit.ConnectAsync("a1", at: 0, capacity: new() { ["chat"] = 1 }, total: 1);
        var first = await _kit.SubmitAsync(at: 1);
        await _kit.AssignAsync("a1", first, at: 1);
        var done = await _kit.CompleteAsync("a1", first.ContactId, at: 2, skipWrapUp: false);
        Assert.Equal(At(7), done.WrapUpUntil);

        var second = await _kit.SubmitAsync(at: 3);
        Assert.Empty(second.Events);
        Assert.Empty(await _kit.SweepAsync(at: 6));
        var released = await _kit.SweepAsync(at: 7);
        Assert.Equal(second.ContactId, OfferIn(released, "a1").ContactId);
    }

    [Fact]
    public async Task Decline_ReturnsContactToItsPlace_AndCoolsTheAgentDown()
    {
        await _kit.ConnectAsync("a1", at: 0, capacity: new() { ["chat"] = 1 }, total: 1);
        var first = await _kit.SubmitAsync(at: 1);
        await _kit.StatusAsync("a1", EngineAgentStatus.Away, at: 1);
        var second = await _kit.SubmitAsync(at: 2);

        var declined = await _kit.DeclineAsync("a1", OfferIn(first).OfferId, at: 3);
        Assert.True(declined.Ok);
        Assert.Equal([first.ContactId, second.ContactId], await _kit.WaitingAsync());

        var back = await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 4);
        Assert.Equal(second.ContactId, OfferIn(back, "a1").ContactId);

        await _kit.ConnectAsync("a2", at: 5);
        var a2 = await _kit.Engine.GetAgentAsync(_kit.Tenant, "a2");
        Assert.Equal(first.ContactId, Assert.Single(a2!.Holdings).Key);
    }

    [Fact]
    public async Task Expiry_ReturnsContact_RevokesOffer_AndRepeatedNoAnswerPutsAgentAway()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var first = await _kit.SubmitAsync(at: 1);
        var offer = OfferIn(first, "a1");

        Assert.Empty(await _kit.SweepAsync(at: 30));
        var swept = await _kit.SweepAsync(at: 31);
        var revoke = Assert.Single(swept, e => e.Kind == RoutingEventKind.Revoke);
        Assert.Equal(offer.OfferId, revoke.OfferId);
        Assert.Equal(EngineRevokeReason.Expired, revoke.RevokeReason);
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(first.ContactId));
        Assert.Equal(DeskResultCode.OfferNoLongerValid, (await _kit.AcceptAsync("a1", offer.OfferId, at: 32)).Code);

        var second = await _kit.SubmitAsync(at: 40);
        var swept2 = await _kit.SweepAsync(at: 71);
        var status = Assert.Single(swept2, e => e.Kind == RoutingEventKind.Status);
        Assert.Equal(EngineAgentStatus.Away, status.Status);
        Assert.Equal("no_answer", status.StatusReason);
        var agent = await _kit.AgentAsync("a1");
        Assert.Equal(EngineAgentStatus.Away, agent.Status);
        Assert.Equal(0, agent.TotalLoad);
        Assert.Equal([first.ContactId, second.ContactId], await _kit.WaitingAsync());
    }

    [Fact]
    public async Task AcceptAfterExpiry_IsRefusedAndReturnsTheContact()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 1);

        var late = await _kit.AcceptAsync("a1", OfferIn(contact).OfferId, at: 40);

        Assert.Equal(DeskResultCode.OfferExpired, late.Code);
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(contact.ContactId));
    }

    [Fact]
    public async Task ClientMistakes_AreRefusedAndChangeNothing()
    {
        await _kit.ConnectAsync("a1", at: 0);
        await _kit.ConnectAsync("a2", at: 1, capacity: new() { ["email"] = 1 });
        var contact = await _kit.SubmitAsync(at: 2);
        var offer = OfferIn(contact, "a1");
        var before = await _kit.AgentAsync("a1");

        Assert.Equal(DeskResultCode.NotYourOffer, (await _kit.AcceptAsync("a2", offer.OfferId, at: 3)).Code);
        Assert.Equal(DeskResultCode.OfferNotFound, (await _kit.AcceptAsync("a2", "of-nope-1", at: 3)).Code);
        Assert.Equal(DeskResultCode.OfferNotFound, (await _kit.AcceptAsync("a1", offer.OfferId[..^1] + "9", at: 3)).Code);
        Assert.Equal(DeskResultCode.ContactNotFound, (await _kit.CompleteAsync("a1", "ct-unknown", at: 3)).Code);
        Assert.Equal(DeskResultCode.ContactNotAssignedToYou, (await _kit.CompleteAsync("a1", contact.ContactId, at: 3)).Code);
        Assert.Equal(DeskResultCode.StaleSession, (await _kit.AcceptAsync("a1", offer.OfferId, at: 3, session: "other-session")).Code);

        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(contact.ContactId));
        Assert.Equivalent(before, await _kit.AgentAsync("a1"));
        Assert.True((await _kit.AcceptAsync("a1", offer.OfferId, at: 4)).Ok);
        Assert.Equal(DeskResultCode.OfferNoLongerValid, (await _kit.AcceptAsync("a1", offer.OfferId, at: 5)).Code);
        Assert.True((await _kit.CompleteAsync("a1", contact.ContactId, at: 6)).Ok);
        Assert.Equal(DeskResultCode.ContactAlreadyCompleted, (await _kit.CompleteAsync("a1", contact.ContactId, at: 7)).Code);
        Assert.Equal(1, await _kit.Engine.CountWriteBackAsync(_kit.Tenant));
    }

    [Fact]
    public async Task CancelWhileOffered_RevokesTheOfferAndFreesTheAgent()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 1);

        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, contact.ContactId, "caller hung up", At(2), "n1"), CancellationToken.None).WaitAsync(Routing.Testing.TestTimeout.Short);

        Assert.True(cancelled.Cancelled);
        Assert.Equal(ContactStates.Offered, cancelled.PreviousState);
        var revoke = Assert.Single(cancelled.Events);
        Assert.Equal((RoutingEventKind.Revoke, EngineRevokeReason.Cancelled, "a1"), (revoke.Kind, revoke.RevokeReason, revoke.AgentId));
        Assert.Equal(0, (await _kit.AgentAsync("a1")).TotalLoad);
        Assert.Empty(await _kit.SweepAsync(at: 60));
    }

    [Fact]
    public async Task Affinity_SecondChannelOfOpenConversation_GoesToItsAgent_ThenFallsBackAfterTheWait()
    {
        await _kit.ConnectAsync("a1", at: 0, capacity: new() { ["email"] = 1, ["chat"] = 1 }, total: 1);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "cus-x");
        await _kit.AssignAsync("a1", email, at: 2);
        await _kit.ConnectAsync("a2", at: 3);

        var chat = await _kit.SubmitAsync("chat", at: 4, customer: "cus-x");
        Assert.Empty(chat.Events);
        Assert.Equal(email.ConversationId, chat.ConversationId);

        Assert.Empty(await _kit.SweepAsync(at: 23));
        var fallback = await _kit.SweepAsync(at: 24);
        Assert.Equal(chat.ContactId, OfferIn(fallback, "a2").ContactId);
    }

    [Theory]
    [InlineData("longest_idle", 4.0, "idle 4.0 s")]
    [InlineData("most_skilled", 3.0, "proficiency 3")]
    [InlineData("least_occupied", 0.0, "0% occupied")]
    [InlineData("round_robin", null, "never offered before")]
    public async Task StrategyPick_Timeline_NamesTheStrategyAndTheFigureItRankedTheAgentBy(string strategy, double? score, string figure)
    {
        await _kit.Db.HashSetAsync(_kit.Keys.QueueStrategies, "general", strategy);
        await _kit.ConnectAsync("a1", at: 0, skills: [("general", 3, true)]);

        var contact = await _kit.SubmitAsync("chat", at: 4);

        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, contact.ContactId, CancellationToken.None);
        var offered = Assert.Single(timeline, t => t.Kind == "offered");
        Assert.Equal(("a1", "strategy", strategy, score), (offered.Agent, offered.Reason, offered.Strategy, offered.Score));
        Assert.Equal($"selection strategy: {strategy} in general ({figure})", offered.Detail);
        Assert.Equal($"{strategy} in general ({figure})", OfferIn(contact, "a1").OfferDetail);
    }

    [Fact]
    public async Task FollowUp_InTheOpenConversation_IsThreadedIntoIt_NamingItsAgent()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "cus-t");
        await _kit.AssignAsync("a1", email, at: 2);

        var chat = await _kit.SubmitAsync("chat", at: 3, customer: "cus-t");

        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, chat.ContactId, CancellationToken.None);
        Assert.Equal(["received", "threaded", "queued", "offered"], timeline.Select(t => t.Kind));
        Assert.Equal(("a1", "joined the open conversation " + email.ConversationId), (timeline[1].Agent, timeline[1].Detail));
        Assert.Equal(("affinity", "", (double?)null), (timeline[3].Reason, timeline[3].Strategy, timeline[3].Score));
    }

    [Fact]
    public async Task ConfirmWriteBack_RecordsWrittenBackOnce_AndNothingForAContactThatIsGone()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 1);
        await _kit.AssignAsync("a1", contact, at: 2);
        await _kit.CompleteAsync("a1", contact.ContactId, at: 3);
        await _kit.Db.SortedSetAddAsync(_kit.Keys.WriteBack, "ct-gone", 1);

        var first = await _kit.Engine.ConfirmWriteBackAsync(new ConfirmWriteBackCommand(_kit.Tenant, contact.ContactId, "interaction written to the CRM", At(4), "n2"), CancellationToken.None);
        var again = await _kit.Engine.ConfirmWriteBackAsync(new ConfirmWriteBackCommand(_kit.Tenant, contact.ContactId, "interaction already in the CRM", At(5), "n1"), CancellationToken.None);
        var gone = await _kit.Engine.ConfirmWriteBackAsync(new ConfirmWriteBackCommand(_kit.Tenant, "ct-gone", "nothing to write", At(5), "n1"), CancellationToken.None);

        Assert.Equal((true, false, true), (first, again, gone));
        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, contact.ContactId, CancellationToken.None);
        var written = Assert.Single(timeline, t => t.Kind == "written_back");
        Assert.Same(written, timeline[^1]);
        Assert.Equal((At(4).ToUnixTimeMilliseconds(), "n2", "interaction written to the CRM"), (written.At, written.Node, written.Detail));
        Assert.Equal(At(4).ToUnixTimeMilliseconds(), (long)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "wrote"));
        Assert.Equal(0, await _kit.Engine.CountWriteBackAsync(_kit.Tenant));
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Timeline("ct-gone")));
        Assert.False(await _kit.Db.KeyExistsAsync(_kit.Keys.Contact("ct-gone")));
    }

    [Fact]
    public async Task Affinity_AgentWithRoom_IsOfferedAtOnceWithTheReason()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "cus-y");
        await _kit.AssignAsync("a1", email, at: 2);
        await _kit.ConnectAsync("a2", at: 3);
        await _kit.StatusAsync("a2", EngineAgentStatus.Available, at: 3);

        var chat = await _kit.SubmitAsync("chat", at: 4, customer: "cus-y");

        var offer = OfferIn(chat, "a1");
        Assert.Equal(EngineOfferReason.Affinity, offer.OfferReason);
        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, chat.ContactId, CancellationToken.None);
        Assert.Contains(timeline, t => t.Kind == "offered" && t.Agent == "a1" && t.Detail.Contains("open conversation", StringComparison.Ordinal));
    }

    [Fact]
    public async Task PreferredAgent_GetsABoundedHeadStart()
    {
        await _kit.ConnectAsync("a2", at: 0);
        await _kit.ConnectAsync("pref", at: 1, capacity: new() { ["chat"] = 1 }, total: 1);
        var busy = await _kit.SubmitAsync("chat", at: 2, preferredAgent: "pref");
        Assert.Equal(EngineOfferReason.Preferred, OfferIn(busy, "pref").OfferReason);

        var waiting = await _kit.SubmitAsync("chat", at: 3, preferredAgent: "pref");
        Assert.Empty(waiting.Events);
        var fallback = await _kit.SweepAsync(at: 13);
        Assert.Equal(waiting.ContactId, OfferIn(fallback, "a2").ContactId);

        var offline = await _kit.SubmitAsync("chat", at: 14, preferredAgent: "nobody");
        Assert.Equal(EngineOfferReason.Strategy, OfferIn(offline, "a2").OfferReason);
    }

    [Fact]
    public async Task Transfer_ToQueueAndToAgent_MovesTheContactWithItsConversation()
    {
        await _kit.ConnectAsync("a1", at: 0);
        await _kit.ConnectAsync("a2", at: 1, skills: [("billing", 3, true)]);
        await _kit.ConnectAsync("a3", at: 2);
        var contact = await _kit.SubmitAsync(at: 3);
        await _kit.AssignAsync("a1", contact, at: 4);

        var toQueue = await _kit.TransferAsync("a1", contact.ContactId, "billing", null, at: 5, note: "needs refund");
        Assert.True(toQueue.Ok);
        var offer = OfferIn(toQueue, "a2");
        await _kit.AcceptAsync("a2", offer.OfferId, at: 6);
        Assert.Equal(0, (await _kit.AgentAsync("a1")).TotalLoad);

        var toAgent = await _kit.TransferAsync("a2", contact.ContactId, null, "a3", at: 7);
        var transferred = OfferIn(toAgent, "a3");
        Assert.Equal(EngineOfferReason.Transfer, transferred.OfferReason);
        Assert.True((await _kit.AcceptAsync("a3", transferred.OfferId, at: 8)).Ok);
        Assert.Equal("a3", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Conversation(contact.ConversationId), "agent"));
        Assert.Equal(DeskResultCode.TransferToSelf, (await _kit.TransferAsync("a3", contact.ContactId, null, "a3", at: 8)).Code);
        Assert.Equal(DeskResultCode.ContactNotAssignedToYou, (await _kit.TransferAsync("a1", contact.ContactId, null, "a3", at: 8)).Code);
    }

    [Fact]
    public async Task Disconnect_ReturnsOffersAtOnce_AssignmentsAfterGrace_VoiceStays()
    {
        await _kit.ConnectAsync("a1", at: 0, voiceBlocksChat: false);
        var email = await _kit.SubmitAsync("email", at: 1);
        await _kit.AssignAsync("a1", email, at: 1);
        var call = await _kit.SubmitAsync("voice", at: 2);
        await _kit.AssignAsync("a1", call, at: 2);
        var offered = await _kit.SubmitAsync("chat", at: 3);
        OfferIn(offered, "a1");

        Assert.True((await _kit.DisconnectAsync("a1", at: 4)).Ok);
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(offered.ContactId));
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(email.ContactId));

        await _kit.SweepAsync(at: 33);
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(email.ContactId));
        await _kit.SweepAsync(at: 34);
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(email.ContactId));
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(call.ContactId));
        Assert.Equal(1, (await _kit.AgentAsync("a1")).TotalLoad);
    }

    [Fact]
    public async Task ReconnectWithinGrace_ResumesAssignments()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1);
        await _kit.AssignAsync("a1", email, at: 1);
        await _kit.DisconnectAsync("a1", at: 2);

        var again = await _kit.ConnectAsync("a1", at: 10, session: Session("a1"));

        Assert.Equal([email.ContactId], again.Resumed);
        Assert.Empty(await _kit.SweepAsync(at: 40));
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(email.ContactId));
    }

    [Fact]
    public async Task SecondSession_ReplacesTheFirst()
    {
        await _kit.ConnectAsync("a1", at: 0, node: "n1", session: "old");
        var contact = await _kit.SubmitAsync(at: 1);
        OfferIn(contact, "a1");

        var second = await _kit.ConnectAsync("a1", at: 2, node: "n2", session: "new");

        var replaced = Assert.Single(second.Events, e => e.Kind == RoutingEventKind.Replaced);
        Assert.Equal(("n1", "old", "new"), (replaced.Node, replaced.Session, replaced.NewSessionId));
        Assert.Equal(contact.ContactId, OfferIn(second, "a1").ContactId);
        Assert.Equal("new", OfferIn(second).Session);
        Assert.Equal(DeskResultCode.StaleSession, (await _kit.DisconnectAsync("a1", at: 3, session: "old")).Code);
        Assert.True((await _kit.AgentAsync("a1")).Connected);
    }

    [Fact]
    public async Task DeadNode_ItsAgentsAreRecoveredOnceBySurvivingSweepers()
    {
        await _kit.SweepAsync(at: 0, node: "n2");
        await _kit.ConnectAsync("a1", at: 0, node: "n2");
        var offered = await _kit.SubmitAsync("chat", at: 1);
        OfferIn(offered, "a1");
        var email = await _kit.SubmitAsync("email", at: 1);
        await _kit.AssignAsync("a1", email, at: 1);

        await _kit.SweepAsync(at: 10, node: "n1");
        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(offered.ContactId));

        await Task.WhenAll(_kit.SweepAsync(at: 16, node: "n1"), _kit.SweepAsync(at: 16, node: "n3"));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(offered.ContactId));
        Assert.False((await _kit.AgentAsync("a1")).Connected);
        Assert.Equal(1, (await _kit.Db.SortedSetRangeByRankAsync(_kit.Keys.Queue("general"))).Count(v => v == offered.ContactId));

        // A dead node's assignments do not wait out the reconnect grace (30 s here): the next sweep returns them.
        await _kit.SweepAsync(at: 16.5, node: "n1");
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(email.ContactId));
        Assert.Equal(0, (await _kit.AgentAsync("a1")).TotalLoad);
    }

    [Fact]
    public async Task Figures_KeptByTheScripts_PerQueueAndChannel_WithExactAverages()
    {
        var first = await _kit.SubmitAsync("chat", at: 0);
        var second = await _kit.SubmitAsync("sms", at: 1);
        var gone = await _kit.SubmitAsync("chat", at: 2);
        await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, gone.ContactId, "caller hung up", At(3), "n1"), CancellationToken.None).WaitAsync(Routing.Testing.TestTimeout.Short);

        var connected = await _kit.ConnectAsync("a1", at: 50);
        var chat = connected.Events.Single(e => e.Kind == RoutingEventKind.Offer && e.ContactId == first.ContactId);
        var sms = connected.Events.Single(e => e.Kind == RoutingEventKind.Offer && e.ContactId == second.ContactId);
        await _kit.AcceptAsync("a1", chat.OfferId, at: 55);   // waited 55 s: within the 60 s target
        await _kit.AcceptAsync("a1", sms.OfferId, at: 75);    // waited 74 s: not within
        await _kit.CompleteAsync("a1", chat.ContactId, at: 85);  // handled 30 s
        await _kit.CompleteAsync("a1", sms.ContactId, at: 135); // handled 60 s
        var late = await _kit.SubmitAsync("chat", at: 170);
        await _kit.DeclineAsync("a1", OfferIn(late, "a1").OfferId, at: 171);

        var (queues, _) = await new QueueFiguresStore(redis).ReadAsync(_kit.Tenant, [], false, TimeZoneInfo.Utc, At(172)).WaitAsync(Routing.Testing.TestTimeout.Short);
        var general = Assert.Single(queues);
        var today = general.Total.Today;
        Assert.Equal((4L, 3L, 2L, 2L, 1L, 1L), (today.Queued, today.Offered, today.Assigned, today.Handled, today.Abandoned, today.AnsweredWithinTarget));
        Assert.Equal(33.33, today.ServiceLevelPercent);
        Assert.Equal(TimeSpan.FromSeconds(64.5), today.AverageWait);
        Assert.Equal(TimeSpan.FromSeconds(45), today.AverageHandle);
        Assert.Equal(today.Assigned, general.Total.Last15Minutes.Assigned);
        Assert.Equal((1L, 1L, 0L), (general.Total.Waiting, general.Channels["chat"].Waiting, general.Channels["sms"].Waiting));
        Assert.Equal(TimeSpan.FromSeconds(2), general.Total.OldestWait);
        Assert.Equal((50.0, 0.0), (general.Channels["chat"].Today.ServiceLevelPercent, general.Channels["sms"].Today.ServiceLevelPercent));
        Assert.Equal(TimeSpan.FromSeconds(55), general.Channels["chat"].Today.AverageWait);

        // 2 answered in 15 min: the next contact, second in line, waits 2 / (2 / 15) = 15 min.
        Assert.Equal(TimeSpan.FromMinutes(15), general.Total.EstimatedWait);
        Assert.Equal(TimeSpan.FromMinutes(15), await new QueueFiguresStore(redis).EstimateWaitAsync(_kit.Tenant, "general", 2, TimeZoneInfo.Utc, At(172)));

        // One read of the queue's figures serves every position (a SubmitStream batch reads it once per queue).
        var basis = await new QueueFiguresStore(redis).WaitBasisAsync(_kit.Tenant, "general", TimeZoneInfo.Utc, At(172));
        Assert.Equal(new WaitBasis(2, 0, 0, 0), basis);
        Assert.Equal((TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(22.5)), (basis.Estimate(2), basis.Estimate(3)));
        Assert.Null(basis.Estimate(0));
    }

    [Fact]
    public async Task LongestWaiting_ReadFromTheHeadsOfLine_OldestFirstBounded_WithTheOfferedAgent()
    {
        var chat = await _kit.SubmitAsync("chat", at: 0);
        var sms = await _kit.SubmitAsync("sms", at: 1);
        var urgent = await _kit.SubmitAsync("email", at: 2, priority: 50); // first in line, third longest waiting
        var last = await _kit.SubmitAsync("chat", at: 3);
        await _kit.ConnectAsync("a1", at: 10, capacity: new Dictionary<string, int> { ["sms"] = 1 }, total: 1);

        var (queues, _) = await new QueueFiguresStore(redis).ReadAsync(_kit.Tenant, [], false, TimeZoneInfo.Utc, At(20), longestWaiting: 3).WaitAsync(Routing.Testing.TestTimeout.Short);
        var waiting = Assert.Single(queues).LongestWaiting;
        Assert.Equal([chat.ContactId, sms.ContactId, urgent.ContactId], waiting.Select(c => c.ContactId));
        Assert.DoesNotContain(waiting, c => c.ContactId == last.ContactId);
        Assert.Equal(("a1", At(1)), (waiting[1].OfferedTo, waiting[1].QueuedAt));
        Assert.Equal(("email", 50, ""), (waiting[2].Channel, waiting[2].Priority, waiting[2].OfferedTo));
        Assert.All(waiting, c => Assert.Equal("f***", c.Customer)); // no CRM name: the sender's address, masked
    }

    // Business hours and dead letters (Scripts/includes/hours.lua, deadletter.lua).

    [Fact]
    public async Task HeldContact_IsOfferedToNobody_UntilTheSweepAtOpening_QueuesItAtItsOriginalScore()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Away);
        var held = await _kit.SubmitAsync(at: 0, shape: r => r with { OutsideHours = OutsideHoursActions.Hold, OpensAt = At(100), ClosedQueue = "general" });
        var later = await _kit.SubmitAsync(at: 50);
        Assert.Equal(ContactStates.Held, held.State);
        Assert.Equal(OutsideHoursActions.Hold, held.OutsideHours);
        Assert.Equal(At(100), held.OpensAt);
        Assert.Equal([later.ContactId], await _kit.WaitingAsync());

        await _kit.SweepAsync(at: 99.999);
        Assert.Equal(ContactStates.Held, await _kit.StateAsync(held.ContactId));
        await _kit.SweepAsync(at: 100);
        Assert.Equal([held.ContactId, later.ContactId], await _kit.WaitingAsync());
        Assert.Empty(await _kit.SweepAsync(at: 101));

        var back = await _kit.StatusAsync("a1", EngineAgentStatus.Available, at: 102);
        OfferIn(back.Events.Where(e => e.ContactId == held.ContactId).ToList(), "a1");
        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, held.ContactId, CancellationToken.None);
        Assert.Single(timeline, t => t.Kind == "released_at_opening");
    }

    [Fact]
    public async Task DeadLetter_AnAgentWhoCanServeItComesBackFromOffline_ClearsTheFlag()
    {
        await _kit.ConnectAsync("a1", at: 0, status: EngineAgentStatus.Offline);
        var contact = await _kit.SubmitAsync(at: 0, shape: r => r with { DeadLetterAfter = TimeSpan.FromSeconds(60) });
        await _kit.SweepAsync(at: 60);
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(_kit.Keys.DeadLetters("general")));

        await _kit.StatusAsync("a1", EngineAgentStatus.Away, at: 61);

        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.DeadLetters("general")));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(contact.ContactId));
    }

    [Fact]
    public async Task HeldContact_Cancelled_IsNeverReleased()
    {
        var held = await _kit.SubmitAsync(at: 0, shape: r => r with { OutsideHours = OutsideHoursActions.Hold, OpensAt = At(100) });
        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, held.ContactId, "caller hung up", At(10), "n1"), CancellationToken.None);

        Assert.True(cancelled.Cancelled);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(_kit.Keys.HeldUntilOpening));
        await _kit.SweepAsync(at: 100);
        Assert.Equal(ContactStates.Cancelled, await _kit.StateAsync(held.ContactId));
        Assert.Empty(await _kit.WaitingAsync());
    }

    [Fact]
    public async Task NewContactReceipt_SaysWhatItsStoredHashSays_OfferedQueuedHeldClosedOverflowedScheduled()
    {
        // enqueue.lua answers a new contact's receipt from what it wrote (not by reading the hash back):
        // every shape of new contact, the receipt against the hash as stored when the script returns.
        await _kit.ConnectAsync("a1", at: 0);
        var offered = await _kit.SubmitAsync(at: 0, priority: 7, shape: r => r with { Customer = r.Customer with { Partial = true } });
        var queued = await _kit.SubmitAsync(at: 1, queue: "sales", priority: 3);
        var held = await _kit.SubmitAsync(at: 2, shape: r => r with { OutsideHours = OutsideHoursActions.Hold, OpensAt = At(100), ClosedQueue = "general" });
        var closed = await _kit.SubmitAsync("voice", at: 3, shape: r => r with { OutsideHours = OutsideHoursActions.Closed, ClosedQueue = "general" });
        var overflowed = await _kit.SubmitAsync(at: 4, queue: "sales", shape: r => r with { OutsideHours = OutsideHoursActions.Overflow, ClosedQueue = "night" });
        var scheduled = await _kit.SubmitAsync(at: 5, shape: r => r with { Callback = new ScheduledCallback(At(100), At(400), At(150)), MergeAllowed = false });
        var dueNow = await _kit.SubmitAsync(at: 6, queue: "sales", shape: r => r with { Callback = new ScheduledCallback(At(0), At(400), At(6)), MergeAllowed = false });

        Assert.Equal(
            [ContactStates.Offered, ContactStates.Queued, ContactStates.Held, ContactStates.Closed, ContactStates.Queued, ContactStates.Scheduled, ContactStates.Queued],
            new[] { offered, queued, held, closed, overflowed, scheduled, dueNow }.Select(r => r.State));
        Assert.True(offered.CrmPartial);
        // In "sales" when received: priority 10 goes ahead of the earlier priority 3.
        Assert.Equal([1L, 1L, 2L], new[] { queued, overflowed, dueNow }.Select(r => r.Position));
        foreach (var r in new[] { offered, queued, held, closed, overflowed, scheduled, dueNow })
        {
            Assert.Equal(EnqueueOutcome.Queued, r.Outcome);
            var f = await _kit.Db.HashGetAsync(_kit.Keys.Contact(r.ContactId), ["conv", "queue", "prio", "state", "cust", "crmp", "rule", "oh", "oha", "ohq", "cbs", "cbe", "cbd"]);
            Assert.Equal((string?)f[0], r.ConversationId);
            Assert.Equal((string?)f[1], r.Queue);
            Assert.Equal(int.Parse((string?)f[2] ?? "0", System.Globalization.CultureInfo.InvariantCulture), r.Priority);
            Assert.Equal((string?)f[3], r.State);
            Assert.Equal((string?)f[4] ?? "", r.CustomerId);
            Assert.Equal((string?)f[5] == "1", r.CrmPartial);
            Assert.Equal((string?)f[6] ?? "", r.Rule);
            Assert.Equal((string?)f[7] ?? "", r.OutsideHours);
            Assert.Equal(f[8].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)f[8]), r.OpensAt);
            Assert.Equal((string?)f[9] ?? "", r.ClosedQueue);
            Assert.Equal(EnqueueScript.DecodeCallback(f[10], f[11], f[12]), r.Callback);
        }
    }

    [Fact]
    public async Task ClosedContact_IsRecordedAndFinished_NeverQueued()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var closed = await _kit.SubmitAsync("voice", at: 0, shape: r => r with { OutsideHours = OutsideHoursActions.Closed, ClosedQueue = "general" });

        Assert.Equal(ContactStates.Closed, closed.State);
        Assert.Empty(closed.Events);
        Assert.Empty(await _kit.WaitingAsync());
        Assert.True(await _kit.Db.KeyTimeToLiveAsync(_kit.Keys.Contact(closed.ContactId)) > TimeSpan.Zero);
        var timeline = await _kit.Store.GetTimelineAsync(_kit.Tenant, closed.ContactId, CancellationToken.None);
        Assert.Contains(timeline, t => t.Kind == "closed_outside_hours");
    }

    [Fact]
    public async Task WaitingContact_NobodyLoggedInHasItsSkills_IsADeadLetterAtItsThreshold_UntilSomeoneWhoHasThemConnects()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 0, skills: ["french"], shape: r => r with { DeadLetterAfter = TimeSpan.FromSeconds(60) });
        var dead = _kit.Keys.DeadLetters("general");

        await _kit.SweepAsync(at: 59.999);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(dead));
        await _kit.SweepAsync(at: 60);
        Assert.Equal(60_000, (await _kit.Db.SortedSetScoreAsync(dead, contact.ContactId))! - At(0).ToUnixTimeMilliseconds());
        Assert.Equal("no logged-in agent of general on chat has the skills [\"french\"]", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "dl"));

        await _kit.ConnectAsync("a2", at: 70, skills: [("general", 3, true), ("french", 3, false)], status: EngineAgentStatus.Away);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(dead));
        await _kit.SweepAsync(at: 120);
        Assert.Equal(0, await _kit.Db.SortedSetLengthAsync(dead));

        // The only agent who could serve it logs off: flagged again at the next check.
        await _kit.DisconnectAsync("a2", at: 130);
        await _kit.SweepAsync(at: 180);
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(dead));
    }

    [Fact]
    public async Task OfferedAtItsCheck_BackInLineWithNobodyToServeIt_IsADeadLetterAtTheNextCheck()
    {
        await _kit.ConnectAsync("a1", at: 0);
        var contact = await _kit.SubmitAsync(at: 0, shape: r => r with { DeadLetterAfter = TimeSpan.FromSeconds(10) });
        var offer = EngineTestKit.OfferIn(contact, "a1");
        var dead = _kit.Keys.DeadLetters("general");

        await _kit.SweepAsync(at: 10); // offered at its check: not a dead letter, checked again later
        Assert.Equal("offered", await _kit.StateAsync(contact.ContactId));
        await _kit.DeclineAsync("a1", offer.OfferId, at: 12);
        await _kit.DisconnectAsync("a1", at: 13);
        Assert.Equal("queued", await _kit.StateAsync(contact.ContactId));

        await _kit.SweepAsync(at: 20);
        Assert.Equal(1, await _kit.Db.SortedSetLengthAsync(dead));
        Assert.Equal("no logged-in agent serves general on chat", (string?)await _kit.Db.HashGetAsync(_kit.Keys.Contact(contact.ContactId), "dl"));
    }
}

public sealed class RoutingEngineOnRedisTests(Routing.Testing.RedisServerFixture redis)
    : RoutingEngineContract(redis.Connection), IClassFixture<Routing.Testing.RedisServerFixture>;

public sealed class RoutingEngineOnGarnetTests(Routing.Testing.GarnetFixture garnet)
    : RoutingEngineContract(garnet.Connection), IClassFixture<Routing.Testing.GarnetFixture>;

[Collection(Routing.Testing.RedisClusterCollection.Name)]
public sealed class RoutingEngineOnClusterTests(Routing.Testing.RedisClusterFixture cluster)
    : RoutingEngineContract(cluster.Connection);
