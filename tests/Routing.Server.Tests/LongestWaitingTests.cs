using Routing.Core.Privacy;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// What WatchQueues carries for the wallboard beyond the counts: each queue's longest-waiting contacts
/// (bounded, longest first, masked senders, the agent an offered one waits for) and its service-level
/// target and goal, on one node and seen from a second node sharing the Redis.
/// </summary>
public sealed class LongestWaitingTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] extra)
    {
        var settings = DeskTestKit.FastEngine(extra);
        // Two rules route to "billing" with different targets: the board shows the strictest.
        settings["RoutingRules:Rules:0:Name"] = "billing-chat";
        settings["RoutingRules:Rules:0:When:Intents:0"] = "billing";
        settings["RoutingRules:Rules:0:When:Channels:0"] = "chat";
        settings["RoutingRules:Rules:0:Queue"] = "billing";
        settings["RoutingRules:Rules:0:ServiceLevelSeconds"] = "45";
        settings["RoutingRules:Rules:1:Name"] = "billing";
        settings["RoutingRules:Rules:1:When:Intents:0"] = "billing";
        settings["RoutingRules:Rules:1:Queue"] = "billing";
        settings["RoutingRules:Rules:1:ServiceLevelSeconds"] = "30";
        settings["Supervisor:Queues:general:ServiceLevelGoalPercent"] = "90";
        return settings;
    }

    [Fact]
    public async Task WatchQueues_WaitingContacts_LongestFirstBoundedAndMasked_WithTargetAndGoal()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(("Supervisor:LongestWaitingContacts", "3")));
        var sent = new List<(InboundContact Contact, ContactReceipt Receipt)>();
        foreach (var channel in new[] { "chat", "sms", "email", "chat" })
        {
            var contact = DeskTestKit.NewCustomer(channel);
            sent.Add((contact, await host.SubmitAsync(contact)));
            await Task.Delay(5); // distinct enqueue times, so "longest first" has one answer
        }

        var billing = await host.SubmitAsync(DeskTestKit.NewCustomer("sms", intent: "billing"));
        Assert.Equal("billing", billing.Queue);

        await using var watch = QueueWatcher.Start(host.Channel, new WatchQueuesRequest());
        var general = (await watch.SnapshotAsync()).Queues.Single(q => q.Queue == "general");
        Assert.Equal(4, general.Waiting);
        Assert.Equal(sent.Take(3).Select(s => s.Receipt.ContactId), general.LongestWaiting.Select(c => c.ContactId));
        Assert.Equal(["chat", "sms", "email"], general.LongestWaiting.Select(c => c.Channel));
        foreach (var (waiting, (contact, _)) in general.LongestWaiting.Zip(sent))
        {
            Assert.Equal(PersonalData.MaskAddress(contact.From), waiting.Customer);
            Assert.NotEqual(contact.From, waiting.Customer);
            Assert.Equal(10, waiting.Priority); // the default rule's
            Assert.Equal("", waiting.OfferedTo);
            Assert.True(waiting.Waited.ToTimeSpan() >= TimeSpan.Zero && waiting.QueuedAt is not null);
        }

        Assert.Equal(TimeSpan.FromSeconds(120), general.ServiceLevelTarget.ToTimeSpan()); // only the default rule routes there
        Assert.Equal(90, general.ServiceLevelGoalPercent);
        var billingStats = (await watch.SnapshotAsync()).Queues.Single(q => q.Queue == "billing");
        Assert.Equal(TimeSpan.FromSeconds(30), billingStats.ServiceLevelTarget.ToTimeSpan());
        Assert.Equal(80, billingStats.ServiceLevelGoalPercent);
        Assert.Equal(billing.ContactId, Assert.Single(billingStats.LongestWaiting).ContactId);

        // A queue asked for that never held a contact: no rule routes there, so the default rule's target.
        await using var quiet = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { Queues = { "never-used" } });
        var never = Assert.Single((await quiet.SnapshotAsync()).Queues);
        Assert.Empty(never.LongestWaiting);
        Assert.Equal(TimeSpan.FromSeconds(120), never.ServiceLevelTarget.ToTimeSpan());
        Assert.Equal(80, never.ServiceLevelGoalPercent);
    }

    [Fact]
    public async Task WatchQueues_OnNodeB_ShowsAContactOfferedOnNodeA_WithItsAgent_AndDropsItWhenAccepted()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), tenant, "node-b");
        var chat = await nodeA.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await Task.Delay(5);
        var sms = await nodeA.SubmitAsync(DeskTestKit.NewCustomer("sms"));

        await using var watch = QueueWatcher.Start(nodeB.Channel, new WatchQueuesRequest { Queues = { "general" } });
        var snapshot = Assert.Single((await watch.SnapshotAsync()).Queues);
        Assert.Equal([chat.ContactId, sms.ContactId], snapshot.LongestWaiting.Select(c => c.ContactId));

        // Ada on node A takes one contact at a time: offered the chat (first in line), which still waits for her answer.
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada", h => h.TotalCapacity = 1);
        var offer = await ada.NextOfferAsync();
        Assert.Equal(chat.ContactId, offer.Contact.ContactId);
        var (offered, _) = await watch.QueueAsync("general", q => q.LongestWaiting.Any(c => c.OfferedTo == "ada"));
        Assert.Equal([chat.ContactId, sms.ContactId], offered.LongestWaiting.Select(c => c.ContactId));
        Assert.Equal("ada", offered.LongestWaiting[0].OfferedTo);
        Assert.Equal("", offered.LongestWaiting[1].OfferedTo);

        await ada.AcceptAsync(offer.OfferId);
        var (accepted, _) = await watch.QueueAsync("general", q => q.Assigned == 1);
        Assert.Equal(sms.ContactId, Assert.Single(accepted.LongestWaiting).ContactId);
    }

    [Fact]
    public async Task WatchQueues_AKnownCustomerHeldForHerAgent_ShowsHerNameTierAndTheAgent()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings());

        // Alice's e-mail, handled by ada: her conversation is open with ada, who then goes to lunch.
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid().ToString("N"), From = "alice.martin@example.com", Text = "invoice" });
        Assert.Equal(email.ContactId, (await ada.TakeNextAsync()).Contact.ContactId);
        Assert.NotNull((await ada.CompleteAsync(email.ContactId, "resolved")).Completed);
        Assert.NotNull((await ada.StatusAsync(AgentStatus.Away, "lunch")).StatusChanged);

        // Her chat joins that conversation and waits for ada.
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid().ToString("N"), From = "alice.m", Text = "refund?" });
        Assert.Equal(email.ConversationId, chat.ConversationId);

        await using var watch = QueueWatcher.Start(host.Channel, new WatchQueuesRequest { Queues = { chat.Queue } });
        var held = Assert.Single(Assert.Single((await watch.SnapshotAsync()).Queues).LongestWaiting);
        Assert.Equal((chat.ContactId, "chat", "ada", ""), (held.ContactId, held.Channel, held.WaitingForAgent, held.OfferedTo));
        Assert.Equal(("Alice Martin", "gold"), (held.Customer, held.Tier)); // the CRM's name: no address shown
    }
}
