using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Parallel contacts of one customer end to end: Alice writes by e-mail and by chat before anyone
/// accepts; one agent gets both, in one bundle, whichever node each contact and desk is on.
/// </summary>
public sealed class ParallelContactsTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // least_occupied: without bundling, the chat would go to the agent holding nothing.
    private static Dictionary<string, string?> Settings() => DeskTestKit.FastEngine(
        ("Engine:QueueStrategies:general", "least_occupied"), ("Engine:ParallelContactWait", "00:00:30"));

    [Fact]
    public async Task EmailAndChatOnTwoNodes_BeforeAccept_OneAgentGetsOneBundle_AndAcceptsBoth()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        await using var bob = await DeskClient.ConnectAsync(nodeB, "bob");

        var email = await nodeA.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid(), From = "alice.martin@example.com", Subject = "Refund", Text = "Where is my refund?" });
        // Equally occupied (nothing), ada idle longest: the e-mail goes to ada.
        var first = await ada.NextOfferAsync();
        var chat = await nodeB.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "Any news about the refund?" });
        Assert.Equal(email.ConversationId, chat.ConversationId);
        Assert.False(email.BundledWithConversation);
        Assert.True(chat.BundledWithConversation);

        var (desk, other) = (ada, bob);
        var second = await desk.NextOfferAsync();
        Assert.Equal(email.ContactId, first.Contact.ContactId);
        Assert.Equal(chat.ContactId, second.Contact.ContactId);
        Assert.NotEmpty(second.BundleId);
        Assert.Equal([email.ContactId, chat.ContactId], second.BundledContactIds);
        Assert.Equal(first.ExpiresAt, second.ExpiresAt);
        // The offer lists every open contact of the conversation: the bundle, and the conversation's
        // history with each contact's state.
        var emailInHistory = Assert.Single(second.History, h => h.ContactId == email.ContactId);
        Assert.Equal(ContactState.Offered, emailInHistory.State);
        Assert.True(await other.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)));

        var accepted = await desk.AcceptAsync(second.OfferId);
        Assert.Equal(chat.ContactId, accepted.Assigned.Assignment.Contact.ContactId);
        Assert.Equal([email.ContactId], accepted.Assigned.BundledContactIds);
        var withIt = (await desk.NextAsync(m => m.Assigned is { BundleAcceptedWith.Length: > 0 })).Assigned;
        Assert.Equal((email.ContactId, chat.ContactId), (withIt.Assignment.Contact.ContactId, withIt.BundleAcceptedWith));
        var db = redis.Connection.GetDatabase();
        Assert.Equal(ContactStates.Assigned, (string?)await db.HashGetAsync(nodeA.Keys.Contact(email.ContactId), "state"));
        Assert.Equal(desk.AgentId, (string?)await db.HashGetAsync(nodeA.Keys.Contact(email.ContactId), "agent"));
        Assert.Equal("offer_no_longer_valid", (await desk.AcceptAsync(first.OfferId)).Error.Code);
    }

    [Fact]
    public async Task EmailAndChatBackToBackOnOneNode_AcceptedAtOnce_OneAgentGetsBoth_AndNeverHearsAnOfferOfAContactItHolds()
    {
        // The accept is sent the moment the chat's Submit returns, while the chat's offer (bundled with
        // the e-mail's) may still be on its way to the desk: the desk must hear the chat's Assigned and
        // never the chat's offer after it (it would count the chat twice against its capacity). Bounded:
        // a few rounds of the same customer, each completed before the next.
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a");
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var desks = new[] { ada, bob };
        var bundled = 0;
        for (var round = 0; round < 12; round++)
        {
            var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid(), From = "alice.martin@example.com", Text = "Where is my refund?" });
            var (desk, other, emailOffer) = await OfferedDeskAsync(desks, email.ContactId);
            var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "Any news?" });
            await desk.SendAsync(new ConnectRequest { Accept = new AcceptOffer { OfferId = emailOffer.OfferId } });
            Assert.Equal(email.ConversationId, chat.ConversationId);
            bundled += chat.BundledWithConversation ? 1 : 0;

            // Everything the desk hears, in order, until it holds both (accepting the chat's own offer
            // if the e-mail's accept landed before the chat was bundled).
            var held = new HashSet<string>();
            while (held.Count < 2)
            {
                var message = await desk.NextAsync(_ => true);
                if (message.Offer is { } offer)
                {
                    Assert.DoesNotContain(offer.Contact.ContactId, held);
                    Assert.Equal(chat.ContactId, offer.Contact.ContactId);
                    if (!chat.BundledWithConversation)
                    {
                        await desk.SendAsync(new ConnectRequest { Accept = new AcceptOffer { OfferId = offer.OfferId } });
                    }
                }
                else if (message.Assigned is { } assigned)
                {
                    held.Add(assigned.Assignment.Contact.ContactId);
                }
                else
                {
                    Assert.Null(message.Error);
                }
            }

            Assert.Equal(new[] { email.ContactId, chat.ContactId }.Order(), held.Order());
            Assert.True(await other.NoOfferWithinAsync(TimeSpan.FromMilliseconds(50)), "the other agent is offered nothing of the conversation");
            foreach (var contactId in held)
            {
                Assert.Null((await desk.CompleteAsync(contactId)).Error);
            }

            // Nothing more for this conversation: a late offer of the chat would come now.
            Assert.True(await desk.NoOfferWithinAsync(TimeSpan.FromMilliseconds(100)), "no offer after both contacts were assigned");
        }

        Assert.True(bundled > 0, "the chat was bundled into the e-mail's offer in some round");
    }

    [Fact]
    public async Task ParallelContactWaitZero_TurnsBundlingOff_TheChatGoesToTheOtherAgent()
    {
        var tenant = TestTenant.New();
        var settings = DeskTestKit.FastEngine(("Engine:QueueStrategies:general", "least_occupied"), ("Engine:ParallelContactWait", "00:00:00"));
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant, "node-a");
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid(), From = "alice.martin@example.com", Text = "Where is my refund?" });
        var (desk, other, _) = await OfferedDeskAsync([ada, bob], email.ContactId);

        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "Any news?" });

        Assert.False(chat.BundledWithConversation);
        Assert.Equal(chat.ContactId, (await other.NextOfferAsync()).Contact.ContactId);
        Assert.True(await desk.NoOfferWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>The desk a contact was offered to, the other one, and the offer.</summary>
    private static async Task<(DeskClient Desk, DeskClient Other, Offer Offer)> OfferedDeskAsync(DeskClient[] desks, string contactId)
    {
        using var cts = new CancellationTokenSource(TestTimeout.Short);
        while (true)
        {
            foreach (var (desk, i) in desks.Select((d, i) => (d, i)))
            {
                try
                {
                    var offer = await desk.NextAsync(m => m.Offer?.Contact.ContactId == contactId, TimeSpan.FromMilliseconds(50));
                    return (desk, desks[1 - i], offer.Offer);
                }
                catch (OperationCanceledException) when (!cts.IsCancellationRequested)
                {
                }
            }
        }
    }

    [Fact]
    public async Task DeclineOfOneOfferOfTheBundle_RevokesTheOther_AndBothGoToTheOtherAgent()
    {
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a");
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid(), From = "alice.martin@example.com", Text = "Where is my refund?" });
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "Any news?" });
        var emailOffer = await ada.NextOfferAsync();
        var chatOffer = await ada.NextOfferAsync();
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        await ada.DeclineAsync(emailOffer.OfferId);

        var revoked = (await ada.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;
        Assert.Equal(chatOffer.OfferId, revoked.OfferId);
        var offers = new[] { await bob.NextOfferAsync(), await bob.NextOfferAsync() };
        Assert.Equal(new[] { email.ContactId, chat.ContactId }.Order(), offers.Select(o => o.Contact.ContactId).Order());
    }
}
