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
