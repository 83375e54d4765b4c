using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using static Routing.Server.Tests.HoursTestKit;

namespace Routing.Server.Tests;

/// <summary>
/// Callbacks end to end (real Kestrel, real redis-server, the servers' clock standing still where
/// each test puts it): ContactIngest.RequestCallback schedules a contact that is offered to nobody
/// until due, then offered like any contact on whichever node holds the agent, once. Quiet hours
/// are the default 21:00-08:00 in the customer's zone (Alice: Europe/London; unknown senders: the
/// tenant's UTC); every test's day is in December, when London is on UTC.
/// </summary>
public sealed class CallbackTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string AlicePhone = "+447700900101";

    private static RequestCallbackRequest Request(InboundContact contact, string? start, string? end)
    {
        var request = new RequestCallbackRequest { Contact = contact };
        if (start is not null)
        {
            request.WindowStart = Timestamp.FromDateTimeOffset(Utc(start));
        }

        if (end is not null)
        {
            request.WindowEnd = Timestamp.FromDateTimeOffset(Utc(end));
        }

        return request;
    }

    private static InboundContact Voice(string from = AlicePhone) =>
        new() { Channel = "voice", ExternalId = "cb-" + Guid.NewGuid().ToString("N"), From = from, Text = "please call me about my router", Intent = "support" };

    private static async Task<ContactReceipt> RequestAsync(RoutingServerHost host, RequestCallbackRequest request) =>
        (await new ContactIngest.ContactIngestClient(host.Channel).RequestCallbackAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short)).Receipt;

    private static async Task<RpcException> RefusedAsync(RoutingServerHost host, RequestCallbackRequest request) =>
        await Assert.ThrowsAsync<RpcException>(() => new ContactIngest.ContactIngestClient(host.Channel).RequestCallbackAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short));

    [Fact]
    public async Task RequestCallback_OnNodeA_AnHourAhead_IsOfferedToNobodyBefore_ThenAtItsStartOnNodeB_Once()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        var tenant = TestTenant.New();
        // NodeTimeout outlasts the clock's jumps, so neither node declares the other dead when it moves.
        var settings = DeskTestKit.FastEngine(("Engine:NodeTimeout", "02:00:00"));
        await using var nodeA = await StartAsync(redis.ConnectionString, clock, settings, tenant, "node-a");
        await using var nodeB = await StartAsync(redis.ConnectionString, clock, settings, tenant, "node-b");
        await using var ada = await DeskClient.ConnectAsync(nodeB, "ada");

        var receipt = await RequestAsync(nodeA, Request(Voice(), "2026-12-01T11:00:00", "2026-12-01T12:00:00"));

        Assert.Equal(ContactState.Queued, receipt.State);
        Assert.True(receipt.CallbackScheduled);
        Assert.False(receipt.CallbackDeferred);
        Assert.Equal(0, receipt.Position);
        Assert.Equal(Utc("2026-12-01T11:00:00"), receipt.CallbackDueAt.ToDateTimeOffset());
        Assert.Equal(Utc("2026-12-01T12:00:00"), receipt.CallbackWindowEnd.ToDateTimeOffset());
        Assert.Equal("cus-1001", receipt.CustomerId);

        clock.Now = Utc("2026-12-01T10:59:59");
        await SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        await SweptAtAsync(nodeB, redis.Connection, "node-b", clock.Now);
        Assert.True(await ada.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(ContactStates.Scheduled, (string?)await redis.Connection.GetDatabase().HashGetAsync(nodeA.Keys.Contact(receipt.ContactId), "state"));
        // Not waiting until due: the supervisors' figures count it neither waiting nor queued today.
        await using (var watch = QueueWatcher.Start(nodeB.Channel, new WatchQueuesRequest { Queues = { "general" } }))
        {
            var general = Assert.Single((await watch.SnapshotAsync()).Queues);
            Assert.Equal((0L, 0L), (general.Waiting, general.Today.Queued));
        }

        clock.Now = Utc("2026-12-01T11:00:00");
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.True(offer.Contact.Callback);
        Assert.Equal("voice", offer.Contact.Channel);
        Assert.Equal(AlicePhone, offer.Contact.From);
        Assert.Equal("true", offer.Contact.Attributes["callback"]);
        Assert.Equal(Utc("2026-12-01T11:00:00"), offer.Contact.CallbackDueAt.ToDateTimeOffset());
        Assert.Equal(Utc("2026-12-01T11:00:00"), offer.Contact.CallbackWindowStart.ToDateTimeOffset());
        Assert.Equal(Utc("2026-12-01T12:00:00"), offer.Contact.CallbackWindowEnd.ToDateTimeOffset());
        Assert.False(offer.Contact.CallbackWindowMissed);

        // Both nodes swept at the due time: it was released once and offered once.
        clock.Now = Utc("2026-12-01T11:00:01");
        await SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        await SweptAtAsync(nodeB, redis.Connection, "node-b", clock.Now);
        var kinds = (await TimelineAsync(nodeA, receipt.ContactId)).Events.Select(e => e.Kind).ToList();
        Assert.Equal([TimelineEventKind.Received, TimelineEventKind.CallbackScheduled, TimelineEventKind.CallbackDue, TimelineEventKind.Offered], kinds);
        Assert.True(await ada.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)));

        // Taken in its window: never marked missed.
        await ada.AcceptAsync(offer.OfferId);
        clock.Now = Utc("2026-12-01T12:00:00");
        await SweptAtAsync(nodeA, redis.Connection, "node-a", clock.Now);
        Assert.DoesNotContain((await TimelineAsync(nodeB, receipt.ContactId)).Events, e => e.Kind == TimelineEventKind.CallbackWindowMissed);
    }

    [Fact]
    public async Task RequestCallback_AsSoonAsPossible_InsideQuietHours_IsDueAtTheirEnd_AndMissedWhenNobodyTookItInTheDefaultWindow()
    {
        var clock = new MovableClock(Utc("2026-12-01T22:30:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine(("Callbacks:DefaultWindow", "01:00:00")));

        var receipt = await RequestAsync(host, Request(Voice(), null, null));

        Assert.True(receipt.CallbackScheduled);
        Assert.True(receipt.CallbackDeferred);
        Assert.Equal(Utc("2026-12-01T22:30:00"), receipt.CallbackWindowStart.ToDateTimeOffset());
        Assert.Equal(Utc("2026-12-02T08:00:00"), receipt.CallbackDueAt.ToDateTimeOffset());
        Assert.Equal(Utc("2026-12-02T09:00:00"), receipt.CallbackWindowEnd.ToDateTimeOffset());

        clock.Now = Utc("2026-12-02T07:59:59");
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(host.Keys.Queue("general")));

        // Nobody logged in: due at 08:00, waiting; at 09:00 the window is marked missed, and it waits on.
        clock.Now = Utc("2026-12-02T08:00:00");
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        Assert.Equal(1, await redis.Connection.GetDatabase().SortedSetLengthAsync(host.Keys.Queue("general")));
        clock.Now = Utc("2026-12-02T09:00:00");
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        var timeline = await TimelineAsync(host, receipt.ContactId);
        Assert.Single(timeline.Events, e => e.Kind == TimelineEventKind.CallbackWindowMissed);
        Assert.True(timeline.Contact.CallbackWindowMissed);
        Assert.Equal(ContactState.Queued, timeline.Outcome.State);

        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        Assert.Equal(receipt.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);
    }

    [Fact]
    public async Task RequestCallback_WholeWindowInQuietHours_IsFailedPrecondition_SayingWhenTheyEnd_AndWritesNothing()
    {
        var clock = new MovableClock(Utc("2026-12-01T20:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());
        var request = Request(Voice(), "2026-12-01T22:00:00", "2026-12-02T07:30:00");

        var error = await RefusedAsync(host, request);

        Assert.Equal((StatusCode.FailedPrecondition, "window_in_quiet_hours"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
        Assert.Contains("2026-12-02T08:00:00Z", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(AlicePhone, error.Status.Detail, StringComparison.Ordinal);
        await AssertNothingWrittenAsync(host, request);
    }

    [Fact]
    public async Task RequestCallback_OnAnOptedOutChannel_IsFailedPrecondition_InTheCrmOrByARouterOptOut()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());

        // Alice opted out of WhatsApp in the CRM.
        var whatsapp = Request(new InboundContact { Channel = "whatsapp", ExternalId = "cb-" + Guid.NewGuid(), From = AlicePhone }, "2026-12-01T11:00:00", "2026-12-01T12:00:00");
        var crm = await RefusedAsync(host, whatsapp);
        Assert.Equal((StatusCode.FailedPrecondition, "opted_out"), (crm.StatusCode, crm.Trailers.GetValue("routing-error")));
        await AssertNothingWrittenAsync(host, whatsapp);

        // SMS is consented in the CRM until she sends STOP: the router's opt-out wins at once.
        var sms = Request(new InboundContact { Channel = "sms", ExternalId = "cb-" + Guid.NewGuid(), From = AlicePhone }, "2026-12-01T11:00:00", "2026-12-01T12:00:00");
        Assert.True((await RequestAsync(host, sms)).CallbackScheduled);
        await new ContactIngest.ContactIngestClient(host.Channel).ReportOptOutAsync(new ReportOptOutRequest { Channel = "sms", Address = AlicePhone, Keyword = "STOP" }).ResponseAsync.WaitAsync(TestTimeout.Short);
        sms.Contact.ExternalId = "cb-" + Guid.NewGuid();
        var router = await RefusedAsync(host, sms);
        Assert.Equal((StatusCode.FailedPrecondition, "opted_out"), (router.StatusCode, router.Trailers.GetValue("routing-error")));
    }

    [Theory]
    [InlineData("2026-12-01T12:00:00", "2026-12-01T11:00:00", "window_end")]
    [InlineData("2026-12-01T08:00:00", "2026-12-01T09:00:00", "window_end")]
    [InlineData("2027-01-15T10:00:00", "2027-01-15T11:00:00", "window_start")]
    public async Task RequestCallback_BadWindow_IsInvalidArgumentNamingTheField_AndWritesNothing(string start, string end, string field)
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());
        var request = Request(Voice(), start, end);

        var error = await RefusedAsync(host, request);

        Assert.Equal((StatusCode.InvalidArgument, field), (error.StatusCode, error.Trailers.GetValue("routing-field")));
        await AssertNothingWrittenAsync(host, request);
    }

    [Fact]
    public async Task RequestCallback_Retried_IsTheSameContact_EvenAfterItsWindowHasPassed()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());
        var request = Request(Voice(), "2026-12-01T11:00:00", "2026-12-01T12:00:00");

        var first = await RequestAsync(host, request);
        var again = await RequestAsync(host, request);
        Assert.Equal(1, await redis.Connection.GetDatabase().SortedSetLengthAsync(host.Keys.CallbacksDue));
        clock.Now = Utc("2026-12-01T13:00:00");
        var late = await RequestAsync(host, request);

        Assert.False(first.Duplicate);
        Assert.All(new[] { again, late }, r => Assert.Equal((first.ContactId, true), (r.ContactId, r.Duplicate)));
        Assert.Equal(first.CallbackDueAt, again.CallbackDueAt);
        Assert.Equal(first.CallbackDueAt, late.CallbackDueAt);
    }

    [Fact]
    public async Task Cancel_BeforeDue_NeverOffersIt_AndAfterDue_TakesItOutOfLine()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada", status: AgentStatus.Away);
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var early = Request(Voice(), "2026-12-01T11:00:00", "2026-12-01T12:00:00");
        var later = Request(Voice("+447700900555"), "2026-12-01T11:00:00", "2026-12-01T12:00:00");
        var cancelledEarly = await RequestAsync(host, early);
        var cancelledLater = await RequestAsync(host, later);

        var cancel = await ingest.CancelAsync(new CancelRequest { External = new ExternalReference { Channel = "voice", ExternalId = early.Contact.ExternalId }, Reason = "no longer needed" }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal((ContactState.Queued, ContactState.Cancelled), (cancel.PreviousState, cancel.State));

        clock.Now = Utc("2026-12-01T11:00:00");
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        var db = redis.Connection.GetDatabase();
        Assert.Equal([cancelledLater.ContactId], (await db.SortedSetRangeByRankAsync(host.Keys.Queue("general"))).Select(v => (string)v!));
        await ingest.CancelAsync(new CancelRequest { ContactId = cancelledLater.ContactId, Reason = "reached us by chat" }).ResponseAsync.WaitAsync(TestTimeout.Short);

        await ada.StatusAsync(AgentStatus.Available);
        Assert.True(await ada.NoOfferWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.CallbacksDue));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Queue("general")));
        Assert.Contains((await TimelineAsync(host, cancelledEarly.ContactId)).Events, e => e.Kind == TimelineEventKind.Cancelled);
    }

    [Fact]
    public async Task ScheduledCallback_SurvivesTheNodeThatTookIt_AndIsOfferedByTheNextNodeAtItsTime()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        var tenant = TestTenant.New();
        ContactReceipt receipt;
        await using (var first = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine(), tenant, "node-a"))
        {
            receipt = await RequestAsync(first, Request(Voice(), "2026-12-01T11:00:00", "2026-12-01T12:00:00"));
        }

        // Node A is gone with everything in its memory; only Redis holds the callback.
        await using var next = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine(), tenant, "node-c");
        await using var ada = await DeskClient.ConnectAsync(next, "ada");
        Assert.True(await ada.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)));

        clock.Now = Utc("2026-12-01T11:00:00");
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.True(offer.Contact.Callback);
    }

    [Fact]
    public async Task RequestCallback_ARuleMatchingTheCallbackAttribute_RoutesItToItsQueue_AndPlainContactsStayPut()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine(
            ("RoutingRules:Rules:0:Name", "callbacks"),
            ("RoutingRules:Rules:0:When:Attributes:callback", "true"),
            ("RoutingRules:Rules:0:Queue", "callbacks"),
            ("RoutingRules:Rules:0:Priority", "50")));

        var callback = await RequestAsync(host, Request(Voice(), null, "2026-12-01T11:00:00"));
        var plain = await host.SubmitAsync(DeskTestKit.NewCustomer("voice"));

        Assert.Equal(("callbacks", "callbacks", 50), (callback.Queue, callback.Rule, callback.Priority));
        Assert.False(callback.CallbackScheduled);
        Assert.Equal(1, callback.Position);
        Assert.Equal(Utc("2026-12-01T10:00:00"), callback.CallbackDueAt.ToDateTimeOffset());
        Assert.NotEqual("callbacks", plain.Queue);
    }

    [Fact]
    public async Task EraseCustomer_WithAScheduledCallback_LeavesNothingOfItInRedis()
    {
        var clock = new MovableClock(Utc("2026-12-01T10:00:00"));
        await using var host = await StartAsync(redis.ConnectionString, clock, DeskTestKit.FastEngine());
        var contact = Voice();
        contact.Text = "ALICE-CALLBACK-TEXT";
        var receipt = await RequestAsync(host, Request(contact, "2026-12-01T11:00:00", "2026-12-01T12:00:00"));
        var tenantKeys = host.Keys.Prefix + "*";
        Assert.Contains("ALICE-CALLBACK-TEXT", await StoredBytes.DumpRedisAsync(redis.Connection, tenantKeys));

        var erased = await new Privacy.PrivacyClient(host.Channel).EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal([receipt.ContactId], erased.CancelledContactIds);
        var stored = await StoredBytes.DumpRedisAsync(redis.Connection, tenantKeys);
        Assert.DoesNotContain("ALICE-CALLBACK-TEXT", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(AlicePhone, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(receipt.ContactId, stored, StringComparison.Ordinal);

        // Its due time passes with nothing to release.
        clock.Now = Utc("2026-12-01T11:00:00");
        await SweptAtAsync(host, redis.Connection, "e2e-" + host.Tenant, clock.Now);
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(host.Keys.Queue("general")));
    }

    private async Task AssertNothingWrittenAsync(RoutingServerHost host, RequestCallbackRequest request)
    {
        var db = redis.Connection.GetDatabase();
        Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId(request.Contact.Channel, request.Contact.ExternalId)));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.CallbacksDue));
    }
}
