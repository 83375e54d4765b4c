using Grpc.Core;
using Grpc.Net.Client;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Supervisor.GetContactTimeline and GetCustomerJourney end to end: real Kestrel, real redis-server
/// and SQLite CRM, generated clients; every step is driven through ContactIngest and real desks.
/// </summary>
public sealed class SupervisorHistoryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string Node = "node-h";

    private static Dictionary<string, string?> Settings() => DeskTestKit.FastEngine(
        ("Engine:OfferTimeout", "00:00:03"),
        ("Engine:DeclineCooldown", "00:02:00"),
        ("RoutingRules:Rules:0:Name", "billing"),
        ("RoutingRules:Rules:0:When:Intents:0", "billing"),
        ("RoutingRules:Rules:0:Queue", "billing"),
        ("RoutingRules:Rules:0:Priority", "30"));

    [Fact]
    public async Task GetContactTimeline_ScriptedLife_ListsEveryStepInOrderWithAgentsNodesAndWhy()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);

        // Alice's e-mail, handled by ada: her conversation is open with ada.
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-1", From = "alice.martin@example.com", Text = "invoice" });
        var first = await ada.TakeNextAsync();
        Assert.Equal(email.ContactId, first.Contact.ContactId);
        Assert.NotNull((await ada.CompleteAsync(email.ContactId, "resolved")).Completed);
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        Assert.NotNull((await ada.StatusAsync(AgentStatus.Away, "lunch")).StatusChanged);

        // Her chat joins that conversation and waits for ada; a follow-up merges into it.
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "refund?" });
        Assert.Equal(email.ConversationId, chat.ConversationId);
        Assert.True((await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-2", From = "alice.m", Text = "hello?" })).Merged);

        // ada is back: offered by affinity, declines; bob is picked by the strategy and lets it expire.
        Assert.NotNull((await ada.StatusAsync(AgentStatus.Available)).StatusChanged);
        var affinity = await ada.NextOfferAsync();
        Assert.Equal((chat.ContactId, OfferReason.ConversationAffinity), (affinity.Contact.ContactId, affinity.Reason));
        Assert.NotNull((await ada.DeclineAsync(affinity.OfferId, "busy")).OfferRevoked);
        var strategy = await bob.NextOfferAsync();
        Assert.Equal((chat.ContactId, OfferReason.Strategy), (strategy.Contact.ContactId, strategy.Reason));
        await bob.NextAsync(m => m.OfferRevoked is not null, TestTimeout.Short);

        // cy pulls it, accepts and transfers it to billing, where dee takes and completes it.
        await using var cy = await DeskClient.ConnectAsync(host, "cy");
        var pulled = await cy.NextOfferAsync();
        Assert.Equal((chat.ContactId, OfferReason.AgentPull), (pulled.Contact.ContactId, pulled.Reason));
        Assert.NotNull((await cy.AcceptAsync(pulled.OfferId)).Assigned);
        await using var dee = await DeskClient.ConnectAsync(host, "dee", null, AgentStatus.Available, ("billing", 4, true));
        Assert.NotNull((await cy.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = chat.ContactId, Queue = "billing", Note = "refund" } })).Transferred);
        var billing = await dee.TakeNextAsync();
        Assert.Equal(chat.ContactId, billing.Contact.ContactId);
        Assert.NotNull((await dee.CompleteAsync(chat.ContactId, "refund issued")).Completed);

        GetContactTimelineResponse timeline = null!;
        await Eventually.TrueAsync(async () =>
        {
            timeline = await supervisor.GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = chat.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);
            return timeline.Events.Any(e => e.Kind == TimelineEventKind.WrittenBack);
        });

        var events = timeline.Events;
        Assert.Equal(
            [
                (TimelineEventKind.Received, ""),
                (TimelineEventKind.Threaded, "ada"),
                (TimelineEventKind.Queued, ""),
                (TimelineEventKind.WaitingForAgent, "ada"),
                (TimelineEventKind.Merged, ""),
                (TimelineEventKind.Offered, "ada"),
                (TimelineEventKind.Declined, "ada"),
                (TimelineEventKind.Offered, "bob"),
                (TimelineEventKind.OfferExpired, "bob"),
                (TimelineEventKind.Offered, "cy"),
                (TimelineEventKind.Accepted, "cy"),
                (TimelineEventKind.Transferred, ""),
                (TimelineEventKind.Offered, "dee"),
                (TimelineEventKind.Accepted, "dee"),
                (TimelineEventKind.Completed, "dee"),
                (TimelineEventKind.WrittenBack, ""),
            ],
            events.Select(e => (e.Kind, e.AgentId)));
        Assert.All(events, e => Assert.Equal(Node, e.Node));
        Assert.All(events, e => Assert.NotEqual("", e.Name));
        Assert.True(events.Zip(events.Skip(1)).All(p => p.First.At <= p.Second.At), "events are in time order");

        Assert.Equal("chat from alice.m (c-1)", events[0].Detail);
        Assert.Equal("joined the open conversation " + email.ConversationId, events[1].Detail);
        Assert.Equal(("general", "rule default, priority 10"), (events[2].Queue, events[2].Detail));
        Assert.StartsWith("open conversation with this agent", events[3].Detail, StringComparison.Ordinal);
        Assert.Contains("c-2", events[4].Detail, StringComparison.Ordinal);
        Assert.Equal((OfferReason.ConversationAffinity, "", false), (events[5].OfferReason, events[5].Strategy, events[5].HasScore));
        Assert.Equal("declined by ada: busy", events[6].Detail);

        var picked = events[7];
        Assert.Equal((OfferReason.Strategy, "longest_idle", "general"), (picked.OfferReason, picked.Strategy, picked.Queue));
        Assert.True(picked.HasScore && picked.Score >= 0, "a strategy pick carries the figure it ranked the agent by (seconds idle)");
        Assert.Matches(@"^selection strategy: longest_idle in general \(idle \d+\.\d s\)$", picked.Detail);
        Assert.Equal("no answer from bob", events[8].Detail);
        Assert.Equal(OfferReason.AgentPull, events[9].OfferReason);
        Assert.Equal(("billing", "from cy in general: refund"), (events[11].Queue, events[11].Detail));
        Assert.Equal((OfferReason.Strategy, "longest_idle", "billing"), (events[12].OfferReason, events[12].Strategy, events[12].Queue));
        Assert.True(events[12].HasScore);
        Assert.Equal("refund issued", events[14].Detail);
        Assert.Equal("interaction written to the CRM", events[15].Detail);

        Assert.Equal((chat.ContactId, "chat", "alice.m", "billing", 2), (timeline.Contact.ContactId, timeline.Contact.Channel, timeline.Contact.From, timeline.Contact.Queue, timeline.Contact.MessageCount));
        Assert.Equal("cus-1001", timeline.Contact.Customer.CustomerId);
        var outcome = timeline.Outcome;
        Assert.Equal((ContactState.Completed, "dee", "refund issued", 4), (outcome.State, outcome.AgentId, outcome.Disposition, outcome.Offers));
        Assert.NotNull(outcome.AcceptedAt);
        Assert.True(outcome.CompletedAt >= outcome.AcceptedAt);
        Assert.True(outcome.WrittenBackAt >= outcome.CompletedAt);
        Assert.Null(outcome.CancelledAt);
    }

    [Fact]
    public async Task GetContactTimeline_NewCustomerContact_HasNoThreadedStepAndAWrittenBackLast()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        await ada.TakeNextAsync();
        await ada.CompleteAsync(receipt.ContactId, "resolved");
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);

        GetContactTimelineResponse timeline = null!;
        await Eventually.TrueAsync(async () =>
        {
            timeline = await supervisor.GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = receipt.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);
            return timeline.Events.Any(e => e.Kind == TimelineEventKind.WrittenBack);
        });

        Assert.NotNull(timeline.Outcome.WrittenBackAt);
        Assert.Equal(
            [TimelineEventKind.Received, TimelineEventKind.Queued, TimelineEventKind.Offered, TimelineEventKind.Accepted, TimelineEventKind.Completed, TimelineEventKind.WrittenBack],
            timeline.Events.Select(e => e.Kind));
        Assert.Single(timeline.Events, e => e.Kind == TimelineEventKind.WrittenBack);
    }

    [Fact]
    public async Task GetCustomerJourney_ThreeChannels_NewestFirstAndPaged()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-1", From = "alice.martin@example.com", Text = "invoice" });
        await ada.TakeNextAsync();
        await ada.CompleteAsync(email.ContactId, "resolved");
        await ada.StatusAsync(AgentStatus.Away);
        await Task.Delay(5);
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "refund?" });
        await Task.Delay(5);
        var sms = await host.SubmitAsync(new InboundContact { Channel = "sms", ExternalId = "s-1", From = "+447700900101", Text = "call me" });
        await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        await new ContactIngest.ContactIngestClient(host.Channel).CancelAsync(new CancelRequest { ContactId = sms.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);

        var page1 = await supervisor.GetCustomerJourneyAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001", Limit = 2 }).ResponseAsync.WaitAsync(TestTimeout.Short);
        var page2 = await supervisor.GetCustomerJourneyAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001", Limit = 2, PageToken = page1.NextPageToken }).ResponseAsync.WaitAsync(TestTimeout.Short);
        var all = await supervisor.GetCustomerJourneyAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001" }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal("cus-1001", page1.CustomerId);
        Assert.Equal([sms.ContactId, chat.ContactId], page1.Entries.Select(e => e.Contact.ContactId));
        Assert.NotEqual("", page1.NextPageToken);
        Assert.Equal([email.ContactId], page2.Entries.Select(e => e.Contact.ContactId));
        Assert.Equal("", page2.NextPageToken);
        Assert.Equal([sms.ContactId, chat.ContactId, email.ContactId], all.Entries.Select(e => e.Contact.ContactId));
        Assert.Equal("", all.NextPageToken);

        Assert.Equal(
            [("sms", "+447700900101", ContactState.Cancelled, ""), ("chat", "alice.m", ContactState.Queued, ""), ("email", "alice.martin@example.com", ContactState.Completed, "ada")],
            all.Entries.Select(e => (e.Contact.Channel, e.Contact.From, e.Outcome.State, e.Outcome.AgentId)));
        var handled = all.Entries[2];
        Assert.Equal(("general", "resolved", email.ConversationId), (handled.Contact.Queue, handled.Outcome.Disposition, handled.Contact.ConversationId));
        Assert.NotNull(handled.Contact.ReceivedAt);
        Assert.True(handled.Outcome.AcceptedAt >= handled.Contact.ReceivedAt && handled.Outcome.CompletedAt >= handled.Outcome.AcceptedAt);
        Assert.NotNull(all.Entries[0].Outcome.CancelledAt);
        Assert.Equal([email.ConversationId], all.ConversationIds);

        // By one of her addresses, the same journey.
        var byAddress = await supervisor.GetCustomerJourneyAsync(new GetCustomerJourneyRequest { Address = new ExternalAddress { Channel = "chat", Address = "alice.m" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal(("cus-1001", 3), (byAddress.CustomerId, byAddress.Entries.Count));
    }

    [Fact]
    public async Task GetCustomerJourney_UnknownSenderByAddress_ListsTheirContactsOnly()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);
        // Calls never merge: two contacts of one sender.
        var sender = DeskTestKit.NewCustomer("voice");
        var first = await host.SubmitAsync(sender);
        await Task.Delay(5);
        var second = await host.SubmitAsync(new InboundContact { Channel = "voice", ExternalId = "voice-again-" + Guid.NewGuid().ToString("N"), From = sender.From, Text = "again" });
        await host.SubmitAsync(DeskTestKit.NewCustomer("voice"));

        var journey = await supervisor.GetCustomerJourneyAsync(new GetCustomerJourneyRequest { Address = new ExternalAddress { Channel = "voice", Address = sender.From } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal("", journey.CustomerId);
        Assert.Equal([second.ContactId, first.ContactId], journey.Entries.Select(e => e.Contact.ContactId));
        Assert.All(journey.Entries, e => Assert.Equal((sender.From, ContactState.Queued), (e.Contact.From, e.Outcome.State)));
    }

    [Fact]
    public async Task GetCustomerJourney_BadRequests_AreInvalidArgumentNamingTheField()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);

        async Task<string?> FieldAsync(GetCustomerJourneyRequest request)
        {
            var call = supervisor.GetCustomerJourneyAsync(request);
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeout.Short));
            Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
            return error.Trailers.GetValue("routing-field");
        }

        Assert.Equal("customer", await FieldAsync(new GetCustomerJourneyRequest()));
        Assert.Equal("limit", await FieldAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001", Limit = 1001 }));
        Assert.Equal("page_token", await FieldAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001", PageToken = "nonsense" }));
        Assert.Equal("address.channel", await FieldAsync(new GetCustomerJourneyRequest { Address = new ExternalAddress { Channel = "pigeon", Address = "x" } }));
        Assert.Equal("address.address", await FieldAsync(new GetCustomerJourneyRequest { Address = new ExternalAddress { Channel = "sms", Address = "not a phone" } }));
    }

    [Fact]
    public async Task GetContactTimeline_UnknownOrAnotherTenantsContact_IsNotFound()
    {
        var other = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TenantCaller.AddGatewayKeys(Settings(), other), node: Node);
        using var otherCaller = TenantCaller.ChannelFor(host.Address, other);
        var theirs = (await new ContactIngest.ContactIngestClient(otherCaller).SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("chat") }).ResponseAsync.WaitAsync(TestTimeout.Short)).Receipt;
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);

        foreach (var contactId in new[] { "ct-nothing", theirs.ContactId })
        {
            var call = supervisor.GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = contactId });
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(TestTimeout.Short));
            Assert.Equal((StatusCode.NotFound, "contact_not_found"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
            Assert.Equal($"Contact {contactId} does not exist.", error.Status.Detail);
        }

        // Their own supervisor sees it; nor does their journey list this tenant's contacts.
        var own = await new Protos.V1.Supervisor.SupervisorClient(otherCaller).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = theirs.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal(theirs.ContactId, own.Contact.ContactId);
        var mine = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "hi" });
        var theirJourney = await new Protos.V1.Supervisor.SupervisorClient(otherCaller).GetCustomerJourneyAsync(new GetCustomerJourneyRequest { CustomerId = "cus-1001" }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.DoesNotContain(theirJourney.Entries, e => e.Contact.ContactId == mine.ContactId);

        var empty = await Assert.ThrowsAsync<RpcException>(() => supervisor.GetContactTimelineAsync(new GetContactTimelineRequest()).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal((StatusCode.InvalidArgument, "contact_id"), (empty.StatusCode, empty.Trailers.GetValue("routing-field")));
    }

    [Fact]
    public async Task SupervisorHistory_WithAnAgentTokenOrNoCredential_IsRefused()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, Settings(), node: Node);
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var supervisor = new Protos.V1.Supervisor.SupervisorClient(host.Channel);
        using var anonymous = GrpcChannel.ForAddress(host.Address);
        var nobody = new Protos.V1.Supervisor.SupervisorClient(anonymous);
        var agent = host.Credentials.AgentHeaders("ada");

        async Task<(StatusCode, string?)> RefusedAsync(Func<Task> call)
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => call().WaitAsync(TestTimeout.Short));
            return (error.StatusCode, error.Trailers.GetValue("routing-error"));
        }

        var timeline = new GetContactTimelineRequest { ContactId = receipt.ContactId };
        var journey = new GetCustomerJourneyRequest { CustomerId = "cus-1001" };
        Assert.Equal((StatusCode.PermissionDenied, "role_not_allowed"), await RefusedAsync(() => supervisor.GetContactTimelineAsync(timeline, agent).ResponseAsync));
        Assert.Equal((StatusCode.PermissionDenied, "role_not_allowed"), await RefusedAsync(() => supervisor.GetCustomerJourneyAsync(journey, agent).ResponseAsync));
        Assert.Equal((StatusCode.Unauthenticated, "credential_missing"), await RefusedAsync(() => nobody.GetContactTimelineAsync(timeline).ResponseAsync));
        Assert.Equal((StatusCode.Unauthenticated, "credential_missing"), await RefusedAsync(() => nobody.GetCustomerJourneyAsync(journey).ResponseAsync));
        Assert.Equal(receipt.ContactId, (await supervisor.GetContactTimelineAsync(timeline).ResponseAsync.WaitAsync(TestTimeout.Short)).Contact.ContactId);
    }
}
