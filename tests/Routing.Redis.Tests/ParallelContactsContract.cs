using Routing.Testing;
using StackExchange.Redis;
using static Routing.Redis.Tests.EngineTestKit;

namespace Routing.Redis.Tests;

/// <summary>
/// Parallel contacts of one customer (includes/bundle.lua): while the conversation has a contact
/// offered to an agent, the customer's contact on another channel goes to that agent, in the same
/// offer (bundle) when it has room, else waiting for it up to Engine:ParallelContactWait.
/// </summary>
public abstract class ParallelContactsContract(IConnectionMultiplexer redis)
{
    private readonly EngineTestKit _kit = new(redis, new EngineSettings
    {
        OfferTimeout = TimeSpan.FromSeconds(30),
        DeclineCooldown = TimeSpan.FromSeconds(60),
        MaxConsecutiveExpiries = 5,
        AffinityWait = TimeSpan.FromSeconds(20),
        PreferredAgentWait = TimeSpan.FromSeconds(10),
        ParallelContactWait = TimeSpan.FromSeconds(10),
        WrapUp = TimeSpan.FromSeconds(5),
        ReconnectGrace = TimeSpan.FromSeconds(30),
        PriorityWeight = TimeSpan.FromMinutes(1),
    });

    [Fact]
    public async Task EmailThenChat_BeforeAccept_OneBundleToOneAgent_AcceptedWhole()
    {
        await _kit.Db.HashSetAsync(_kit.Keys.QueueStrategies, "general", "least_occupied");
        await _kit.ConnectAsync("ada", at: 0);
        await _kit.ConnectAsync("bob", at: 1);

        var email = await _kit.SubmitAsync("email", at: 2, customer: "alice");
        var emailOffer = OfferIn(email, "ada");
        var chat = await _kit.SubmitAsync("chat", at: 3, customer: "alice");

        // Without bundling the chat would go to bob, the least occupied free agent.
        var chatOffer = OfferIn(chat, "ada");
        Assert.Equal(EngineOfferReason.Affinity, chatOffer.OfferReason);
        Assert.Equal(("", "offered"), (email.ParallelRouting, chat.ParallelRouting));
        Assert.Equal(emailOffer.ExpiresAt, chatOffer.ExpiresAt);
        Assert.Equal(await BundleAsync(email.ContactId), await BundleAsync(chat.ContactId));
        Assert.Contains(await _kit.Store.GetTimelineAsync(_kit.Tenant, chat.ContactId, CancellationToken.None), e => e.Kind == "bundled");

        var accepted = await _kit.AcceptAsync("ada", chatOffer.OfferId, at: 4);

        Assert.True(accepted.Ok);
        Assert.Equal([email.ContactId], accepted.BundledContactIds);
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(email.ContactId));
        Assert.Equal(ContactStates.Assigned, await _kit.StateAsync(chat.ContactId));
        Assert.Equal(DeskResultCode.OfferNoLongerValid, (await _kit.AcceptAsync("ada", emailOffer.OfferId, at: 4)).Code);
        var ada = await _kit.AgentAsync("ada");
        Assert.Equal(1, ada.Load["email"]);
        Assert.Equal(1, ada.Load["chat"]);
    }

    [Fact]
    public async Task AcceptOfABundle_NamesTheOfferOfEachContactAssignedWithIt()
    {
        // The desk's node closes those offers with these ids: an offer of a bundled contact still on its
        // way to the desk when the bundle is accepted must not reach it after the contact's Assigned,
        // or the desk counts that contact twice against its capacity (the simulator's violation).
        await _kit.ConnectAsync("ada", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 2, customer: "alice");
        var sms = await _kit.SubmitAsync("sms", at: 3, customer: "alice");
        var chatOffer = OfferIn(chat, "ada");
        var smsOffer = OfferIn(sms, "ada");

        var accepted = await _kit.AcceptAsync("ada", OfferIn(email, "ada").OfferId, at: 4);

        Assert.True(accepted.Ok);
        var named = accepted.BundledContactIds.Zip(accepted.BundledOfferIds).Order().ToList();
        Assert.Equal(new[] { (chat.ContactId, chatOffer.OfferId), (sms.ContactId, smsOffer.OfferId) }.Order(), named);
        Assert.Equal(2, accepted.BundledOfferIds.Count);
        var ada = await _kit.AgentAsync("ada");
        Assert.Equal((1, 1, 1, 3), (ada.Load["email"], ada.Load["chat"], ada.Load["sms"], ada.TotalLoad));
    }

    [Fact]
    public async Task ContactsWaitingTogether_AreOfferedTogether_ToTheFirstAgentFree()
    {
        var email = await _kit.SubmitAsync("email", at: 1, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 2, customer: "alice");

        var connected = await _kit.ConnectAsync("ada", at: 3);

        Assert.Equal(2, connected.Events.Count(e => e.Kind == RoutingEventKind.Offer && e.AgentId == "ada"));
        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(email.ContactId));
        Assert.Equal(ContactStates.Offered, await _kit.StateAsync(chat.ContactId));
        Assert.Equal(await BundleAsync(email.ContactId), await BundleAsync(chat.ContactId));
    }

    [Fact]
    public async Task ChatWhileTheEmailIsOffered_AgentWithoutRoom_WaitsForIt_ThenAnyoneAfterTheBound()
    {
        await _kit.ConnectAsync("ada", at: 0, capacity: new() { ["chat"] = 1, ["email"] = 5 });
        var other = await _kit.SubmitAsync("chat", at: 1, customer: "carol");
        await _kit.AssignAsync("ada", other, at: 1);
        await _kit.ConnectAsync("bob", at: 2);
        var email = await _kit.SubmitAsync("email", at: 3, customer: "alice", preferredAgent: "ada");
        OfferIn(email, "ada");

        var chat = await _kit.SubmitAsync("chat", at: 4, customer: "alice");

        Assert.DoesNotContain(chat.Events, e => e.Kind == RoutingEventKind.Offer);
        Assert.Equal("waiting", chat.ParallelRouting);
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(chat.ContactId));
        Assert.Empty(await _kit.SweepAsync(at: 13.9));
        var swept = await _kit.SweepAsync(at: 14.1);
        Assert.Equal("bob", OfferIn(swept).AgentId);
        Assert.Equal(chat.ContactId, OfferIn(swept).ContactId);
    }

    [Fact]
    public async Task ChatWhileTheEmailIsAssigned_WaitsForItsAgent_AndIsOfferedWhenItHasRoom()
    {
        await _kit.ConnectAsync("ada", at: 0, capacity: new() { ["chat"] = 1, ["email"] = 5 });
        var other = await _kit.SubmitAsync("chat", at: 1, customer: "carol");
        await _kit.AssignAsync("ada", other, at: 1);
        await _kit.ConnectAsync("bob", at: 2);
        var email = await _kit.SubmitAsync("email", at: 3, customer: "alice", preferredAgent: "ada");
        await _kit.AssignAsync("ada", email, at: 3);

        var chat = await _kit.SubmitAsync("chat", at: 4, customer: "alice");
        Assert.DoesNotContain(chat.Events, e => e.Kind == RoutingEventKind.Offer);

        var completed = await _kit.CompleteAsync("ada", other.ContactId, at: 5);
        var offer = OfferIn(completed, "ada");
        Assert.Equal(chat.ContactId, offer.ContactId);
    }

    [Fact]
    public async Task Decline_ReturnsTheWholeBundle_WhichGoesTogetherToTheNextAgent()
    {
        await _kit.ConnectAsync("ada", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 2, customer: "alice");
        var emailOffer = OfferIn(email, "ada");
        var chatOffer = OfferIn(chat, "ada");
        await _kit.ConnectAsync("bob", at: 3);

        var declined = await _kit.DeclineAsync("ada", emailOffer.OfferId, at: 4);

        Assert.True(declined.Ok);
        var revoke = Assert.Single(declined.Events, e => e.Kind == RoutingEventKind.Revoke);
        Assert.Equal((chat.ContactId, chatOffer.OfferId, "ada"), (revoke.ContactId, revoke.OfferId, revoke.AgentId));
        var offers = declined.Events.Where(e => e.Kind == RoutingEventKind.Offer).ToList();
        Assert.Equal(2, offers.Count);
        Assert.All(offers, o => Assert.Equal("bob", o.AgentId));
        Assert.Equal(await BundleAsync(email.ContactId), await BundleAsync(chat.ContactId));
        Assert.Equal(0, (await _kit.AgentAsync("ada")).TotalLoad);
    }

    [Fact]
    public async Task Expiry_ReturnsTheWholeBundle()
    {
        await _kit.ConnectAsync("ada", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 2, customer: "alice");
        OfferIn(chat, "ada");

        var swept = await _kit.SweepAsync(at: 31.5);

        var revokes = swept.Where(e => e.Kind == RoutingEventKind.Revoke).ToList();
        Assert.Equal(2, revokes.Count);
        Assert.All(revokes, r => Assert.Equal(EngineRevokeReason.Expired, r.RevokeReason));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(email.ContactId));
        Assert.Equal(ContactStates.Queued, await _kit.StateAsync(chat.ContactId));
        Assert.Equal(0, (await _kit.AgentAsync("ada")).TotalLoad);

        var bob = await _kit.ConnectAsync("bob", at: 32);
        Assert.Equal(2, bob.Events.Count(e => e.Kind == RoutingEventKind.Offer && e.AgentId == "bob"));
    }

    [Fact]
    public async Task CancelOfOneBundledContact_LeavesTheBundle_TheRestIsAcceptedAlone()
    {
        await _kit.ConnectAsync("ada", at: 0);
        var email = await _kit.SubmitAsync("email", at: 1, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 2, customer: "alice");
        var emailOffer = OfferIn(email, "ada");

        var cancelled = await _kit.Store.CancelAsync(new CancelCommand(_kit.Tenant, chat.ContactId, "customer left the chat", At(3), "n1"), CancellationToken.None).WaitAsync(Routing.Testing.TestTimeout.Short);
        Assert.Equal(CancelOutcome.Cancelled, cancelled.Outcome);

        var accepted = await _kit.AcceptAsync("ada", emailOffer.OfferId, at: 4);
        Assert.True(accepted.Ok);
        Assert.Empty(accepted.BundledContactIds);
        Assert.Equal(ContactStates.Cancelled, await _kit.StateAsync(chat.ContactId));
        var ada = await _kit.AgentAsync("ada");
        Assert.Equal(1, ada.TotalLoad);
        Assert.Equal(0, ada.Load.GetValueOrDefault("chat"));
    }

    [Fact]
    public async Task Bundle_NeverExceedsCapacity_TheRestWaitsForTheAgent()
    {
        await _kit.ConnectAsync("ada", at: 0, capacity: new() { ["chat"] = 1, ["email"] = 1 });
        await _kit.ConnectAsync("bob", at: 1);
        var email = await _kit.SubmitAsync("email", at: 2, customer: "alice");
        var chat = await _kit.SubmitAsync("chat", at: 3, customer: "alice");
        var second = await _kit.SubmitAsync("email", at: 4, customer: "alice");

        OfferIn(email, "ada");
        OfferIn(chat, "ada");
        Assert.DoesNotContain(second.Events, e => e.Kind == RoutingEventKind.Offer);
        var ada = await _kit.AgentAsync("ada");
        Assert.Equal(1, ada.Load["email"]);
        Assert.Equal(1, ada.Load["chat"]);

        var accepted = await _kit.AcceptAsync("ada", OfferIn(email).OfferId, at: 5);
        Assert.Equal([chat.ContactId], accepted.BundledContactIds);
        var completed = await _kit.CompleteAsync("ada", email.ContactId, at: 6);
        Assert.Equal(second.ContactId, OfferIn(completed, "ada").ContactId);
    }

    [Fact]
    public async Task ParallelWaitZero_TurnsBundlingOff()
    {
        var kit = new EngineTestKit(redis, _kit.Settings with { ParallelContactWait = TimeSpan.Zero });
        await kit.Db.HashSetAsync(kit.Keys.QueueStrategies, "general", "least_occupied");
        await kit.ConnectAsync("ada", at: 0);
        await kit.ConnectAsync("bob", at: 1);
        OfferIn(await kit.SubmitAsync("email", at: 2, customer: "alice"), "ada");
        OfferIn(await kit.SubmitAsync("chat", at: 3, customer: "alice"), "bob");
    }

    private async Task<string> BundleAsync(string contactId) => (string)(await _kit.Db.HashGetAsync(_kit.Keys.Contact(contactId), "bun"))!;
}

public sealed class ParallelContactsOnRedisTests(RedisServerFixture redis)
    : ParallelContactsContract(redis.Connection), IClassFixture<RedisServerFixture>;

public sealed class ParallelContactsOnGarnetTests(GarnetFixture garnet)
    : ParallelContactsContract(garnet.Connection), IClassFixture<GarnetFixture>;

[Collection(RedisClusterCollection.Name)]
public sealed class ParallelContactsOnClusterTests(RedisClusterFixture cluster)
    : ParallelContactsContract(cluster.Connection);
