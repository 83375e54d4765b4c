using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Outbound messages end to end on real Kestrel and redis-server, on one and two nodes: an agent's
/// reply reaches a gateway stream on either node with the customer's address, the gateway's
/// outcome reaches the desk and the timeline; unacknowledged deliveries are delivered again after
/// the deadline (another stream, a reconnect, a node that stopped); Outreach.Send is idempotent.
/// The customer's choice of channel, limits and quiet hours: <see cref="CustomerChoiceTests"/>.
/// The server clock is a <see cref="MovableClock"/>: deadlines pass when the test moves it.
/// </summary>
public sealed class OutboundDeliveryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = DeskTestKit.FastEngine(("Engine:NodeTimeout", "00:10:00"));
        settings["Channels:chat:ReplyWindow"] = "1.00:00:00";
        settings["Channels:whatsapp:ReplyWindow"] = "1.00:00:00";
        settings["Outbound:AckTimeout"] = "00:00:30";
        settings["Outbound:PollInterval"] = "00:00:00.200";
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private Task<RoutingServerHost> StartAsync(MovableClock clock, string? tenant = null, string? node = null, Dictionary<string, string?>? settings = null) =>
        RoutingServerHost.StartAsync(redis.ConnectionString, settings ?? Settings(), tenant, node, configure: b => b.Services.AddSingleton<TimeProvider>(clock));

    private static InboundContact AliceOn(string channel, string from) =>
        new() { Channel = channel, ExternalId = $"{channel}-{Guid.NewGuid():N}", From = from, Text = "hello, where is my parcel?" };

    private static Task<ConnectResponse> ReplyAsync(DeskClient desk, string contactId, string text = "It ships today.") =>
        desk.RequestAsync(new ConnectRequest { SendReply = new SendReply { ContactId = contactId, Text = text, AttachmentRefs = { "att://tracking.pdf" } } });

    private static async Task<GetContactTimelineResponse> TimelineAsync(RoutingServerHost host, string contactId) =>
        await new Protos.V1.Supervisor.SupervisorClient(host.Channel).GetContactTimelineAsync(new GetContactTimelineRequest { ContactId = contactId }).ResponseAsync.WaitAsync(TestTimeout.Short);

    [Fact]
    public async Task SendReply_AgentOnNodeA_GatewayOnNodeB_GetsItAtTheAddress_DeliveredReachesDeskAndTimeline()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(nodeB);
        var receipt = await nodeA.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();

        var queued = (await ReplyAsync(ada, receipt.ContactId)).ReplyQueued;
        var delivery = await gateway.NextDeliveryAsync();
        var ack = await gateway.AckAsync(delivery.DeliveryId);
        var report = (await ada.NextAsync(m => m.ReplyDelivery is not null)).ReplyDelivery;

        Assert.NotNull(queued);
        Assert.Equal(("chat", "reply_window_open"), (queued.Channel, queued.Reason));
        Assert.Equal(queued.DeliveryId, delivery.DeliveryId);
        Assert.Equal(("alice.m", "chat", receipt.ContactId, 1, "reply"), (delivery.To, delivery.Channel, delivery.ContactId, delivery.Attempt, delivery.Kind));
        Assert.Equal("It ships today.", delivery.Text);
        Assert.Equal(["att://tracking.pdf"], delivery.AttachmentRefs);
        Assert.Equal("cus-1001", delivery.CustomerId);
        Assert.Equal((true, "delivered"), (ack.Applied, ack.State));
        Assert.Equal((queued.DeliveryId, receipt.ContactId, "delivered", 1), (report.DeliveryId, report.ContactId, report.Outcome, report.Attempt));
        var kinds = (await TimelineAsync(nodeB, receipt.ContactId)).Events.Select(e => e.Kind).ToList();
        Assert.Equal([TimelineEventKind.ReplyQueued, TimelineEventKind.ReplyDelivered], kinds.Where(k => k is >= TimelineEventKind.ReplyQueued and <= TimelineEventKind.ReplyRedelivering));
    }

    [Fact]
    public async Task Deliver_NoAckBeforeTheDeadline_RedeliveredAsAttemptTwoToAnotherStream_LateAckChangesNothing()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");
        await using var slow = await GatewayDeliveryClient.SubscribeAsync(nodeA, maxInFlight: 1);
        var receipt = await nodeA.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();
        await ReplyAsync(ada, receipt.ContactId);
        var first = await slow.NextDeliveryAsync();
        await using var other = await GatewayDeliveryClient.SubscribeAsync(nodeB);

        clock.Now = Start.AddSeconds(31);
        var second = await other.NextDeliveryAsync();
        var acked = await other.AckAsync(second.DeliveryId);
        var late = await slow.AckAsync(first.DeliveryId);

        Assert.Equal((first.DeliveryId, 1), (first.DeliveryId, first.Attempt));
        Assert.Equal((first.DeliveryId, 2), (second.DeliveryId, second.Attempt));
        Assert.True(acked.Applied);
        Assert.Equal((false, "delivered"), (late.Applied, late.State));
        var kinds = (await TimelineAsync(nodeA, receipt.ContactId)).Events.Select(e => e.Kind).ToList();
        Assert.Equal([TimelineEventKind.ReplyQueued, TimelineEventKind.ReplyRedelivering, TimelineEventKind.ReplyDelivered],
            kinds.Where(k => k is >= TimelineEventKind.ReplyQueued and <= TimelineEventKind.ReplyRedelivering));
        clock.Now = Start.AddSeconds(200);
        await HoursTestKit.SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(nodeA.Keys.DeliveriesInFlight));
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(nodeA.Keys.Outbox("chat")));
    }

    [Fact]
    public async Task Deliver_GatewayDisconnectsMidFlight_RedeliveredAfterItReconnects()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(clock);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();
        var gateway = await GatewayDeliveryClient.SubscribeAsync(host);
        var queued = (await ReplyAsync(ada, receipt.ContactId)).ReplyQueued;
        Assert.Equal(queued.DeliveryId, (await gateway.NextDeliveryAsync()).DeliveryId);
        await gateway.DisposeAsync();

        await using var again = await GatewayDeliveryClient.SubscribeAsync(host);
        clock.Now = Start.AddSeconds(31);
        var redelivered = await again.NextDeliveryAsync();
        await again.AckAsync(redelivered.DeliveryId, DeliveryOutcome.Failed, "handle unknown");
        var report = (await ada.NextAsync(m => m.ReplyDelivery is not null)).ReplyDelivery;

        Assert.Equal((queued.DeliveryId, 2), (redelivered.DeliveryId, redelivered.Attempt));
        Assert.Equal(("failed", "handle unknown", 2), (report.Outcome, report.Reason, report.Attempt));
        Assert.Contains((await TimelineAsync(host, receipt.ContactId)).Events, e => e.Kind == TimelineEventKind.ReplyFailed && e.Detail.Contains("handle unknown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deliver_NodeStopsWithADeliveryInFlight_RedeliveredThroughTheOtherNode()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeB, "ada");
        var receipt = await nodeB.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();
        var onA = await GatewayDeliveryClient.SubscribeAsync(nodeA);
        var queued = (await ReplyAsync(ada, receipt.ContactId)).ReplyQueued;
        Assert.Equal(queued.DeliveryId, (await onA.NextDeliveryAsync()).DeliveryId);

        await nodeA.DisposeAsync();
        await onA.DisposeAsync();
        await using var onB = await GatewayDeliveryClient.SubscribeAsync(nodeB);
        clock.Now = Start.AddSeconds(31);
        var redelivered = await onB.NextDeliveryAsync();
        await onB.AckAsync(redelivered.DeliveryId);

        Assert.Equal((queued.DeliveryId, 2), (redelivered.DeliveryId, redelivered.Attempt));
        Assert.Equal("delivered", (await ada.NextAsync(m => m.ReplyDelivery is not null)).ReplyDelivery.Outcome);
    }

    [Fact]
    public async Task Deliver_WindowOfTwo_ThirdWaitsForAnAck_AndEveryReplyArrivesOnce()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(clock);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(host, maxInFlight: 2);

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await ReplyAsync(ada, receipt.ContactId, $"part {i}")).ReplyQueued.DeliveryId);
        }

        var first = await gateway.NextDeliveryAsync();
        var second = await gateway.NextDeliveryAsync();
        Assert.Equal(1, await redis.Connection.GetDatabase().SortedSetLengthAsync(host.Keys.Outbox("chat")));
        await gateway.AckAsync(first.DeliveryId);
        var third = await gateway.NextDeliveryAsync();
        await gateway.AckAsync(second.DeliveryId);
        await gateway.AckAsync(third.DeliveryId);

        Assert.Equal(ids, [first.DeliveryId, second.DeliveryId, third.DeliveryId]);
        Assert.Equal(["part 0", "part 1", "part 2"], new[] { first.Text, second.Text, third.Text });
    }

    [Fact]
    public async Task SendReply_Refusals_NotAssigned_TooLong_ChangeNothing_AndAnOptedOutChannelIsNeverUsed()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(clock);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob", status: AgentStatus.Away);
        var chat = await host.SubmitAsync(AliceOn("chat", "alice.m"));
        await ada.TakeNextAsync();

        var notHis = (await ReplyAsync(bob, chat.ContactId)).Error;
        Assert.Equal(("contact_not_assigned", (int)StatusCode.FailedPrecondition), (notHis.Code, notHis.StatusCode));
        var tooLong = (await ReplyAsync(ada, chat.ContactId, new string('x', 4_001))).Error;
        Assert.Equal(("invalid_argument", "send_reply.text"), (tooLong.Code, tooLong.Field));
        var db = redis.Connection.GetDatabase();
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Outbox("chat")));

        // Alice opted out of WhatsApp in the CRM: she may write there, but is answered on her preferred chat.
        var whatsapp = await host.SubmitAsync(AliceOn("whatsapp", "+447700900101"));
        await ada.TakeNextAsync();
        var queued = (await ReplyAsync(ada, whatsapp.ContactId)).ReplyQueued;
        Assert.Equal(("chat", "reply_window_open"), (queued.Channel, queued.Reason));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Outbox("whatsapp")));
    }

    [Fact]
    public async Task Subscribe_ChannelNotAllowedForTheKey_PermissionDenied()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        var settings = Settings();
        foreach (var (k, v) in TestCredentials.GatewayKeySettings(1, "sms-gateway", tenant, "rk_sms-only", "sms"))
        {
            settings[k] = v;
        }

        await using var host = await StartAsync(clock, tenant, settings: settings);

        var ex = await Assert.ThrowsAsync<RpcException>(() => GatewayDeliveryClient.SubscribeAsync(host, headers: TestCredentials.ApiKey("rk_sms-only"), channels: "chat"));
        await using var sms = await GatewayDeliveryClient.SubscribeAsync(host, headers: TestCredentials.ApiKey("rk_sms-only"), channels: "sms");

        Assert.Equal(StatusCode.PermissionDenied, ex.StatusCode);
        Assert.Equal(["sms"], sms.Subscribed.Channels);
    }

    [Fact]
    public async Task OutreachSend_SameSourceAndExternalIdTwice_OneDelivery_OnTheOpenChannel()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await nodeA.SubmitAsync(AliceOn("chat", "alice.m"));
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(nodeB);
        var request = new OutreachSendRequest { CustomerId = "cus-1001", Text = "Your parcel arrives tomorrow.", Source = "shipping", ExternalId = "parcel-42" };

        var first = await new Outreach.OutreachClient(nodeA.Channel).SendAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short);
        var retry = await new Outreach.OutreachClient(nodeB.Channel).SendAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short);
        var delivery = await gateway.NextDeliveryAsync();
        await gateway.AckAsync(delivery.DeliveryId);

        Assert.Equal(("chat", "reply_window_open", false), (first.Channel, first.Reason, first.Existing));
        Assert.Equal((first.DeliveryId, "chat", true), (retry.DeliveryId, retry.Channel, retry.Existing));
        Assert.Equal((first.DeliveryId, "alice.m", "outreach", ""), (delivery.DeliveryId, delivery.To, delivery.Kind, delivery.ContactId));
        Assert.True(await gateway.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));

        var unknown = await Assert.ThrowsAsync<RpcException>(() => new Outreach.OutreachClient(nodeA.Channel)
            .SendAsync(new OutreachSendRequest { CustomerId = "cus-9999", Text = "hi", Source = "shipping", ExternalId = "parcel-43" }).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal((StatusCode.NotFound, "customer_not_found"), (unknown.StatusCode, unknown.Trailers.GetValue("routing-error")));
        var agent = await Assert.ThrowsAsync<RpcException>(() => new Outreach.OutreachClient(nodeA.Channel)
            .SendAsync(request, nodeA.Credentials.AgentHeaders("ada")).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.PermissionDenied, agent.StatusCode);
    }
}
