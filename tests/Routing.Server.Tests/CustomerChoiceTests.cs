using Grpc.Core;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// The customer's choice end to end on real Kestrel, redis-server and the SQLite CRM, on one and
/// two nodes: replies go on the channel the customer wrote on while its window is open, else their
/// preferred consented channel; an opted-out channel is never used and the agent is told why;
/// outreach reaches customers who never wrote, under communication limits (across channels and
/// nodes), quiet hours in their time zone (deferred, then delivered) and the duplicate window.
/// The server clock is a <see cref="MovableClock"/>.
/// </summary>
public sealed class CustomerChoiceTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // A Thursday in November: London is on UTC; 10:00 is outside quiet hours (21:00-08:00).
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = DeskTestKit.FastEngine(("Engine:NodeTimeout", "00:10:00"));
        settings["Channels:chat:ReplyWindow"] = "1.00:00:00";
        settings["Channels:whatsapp:ReplyWindow"] = "1.00:00:00";
        settings["Outbound:PollInterval"] = "00:00:00.200";
        settings["Outbound:AckTimeout"] = "00:05:00";
        settings["Outbound:Limits:PerHour"] = "0";
        settings["Outbound:Limits:PerDay"] = "0";
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private Task<RoutingServerHost> StartAsync(MovableClock clock, string tenant, string node, Dictionary<string, string?>? settings = null) =>
        RoutingServerHost.StartAsync(redis.ConnectionString, settings ?? Settings(), tenant, node, configure: b => b.Services.AddSingleton<TimeProvider>(clock));

    private static Task<ConnectResponse> ReplyAsync(DeskClient desk, string contactId, string text = "It ships today.") =>
        desk.RequestAsync(new ConnectRequest { SendReply = new SendReply { ContactId = contactId, Text = text } });

    private static Task<OutreachSendResponse> SendAsync(RoutingServerHost host, OutreachSendRequest request) =>
        new Outreach.OutreachClient(host.Channel).SendAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short);

    private static OutreachSendRequest Outreach(string customerId, string text, bool defer = false) =>
        new() { CustomerId = customerId, Text = text, Source = "notify", ExternalId = "n-" + Guid.NewGuid().ToString("N"), Defer = defer };

    private static async Task OptOutAsync(RoutingServerHost host, string customerId, params string[] channels)
    {
        foreach (var channel in channels)
        {
            await new Outreach.OutreachClient(host.Channel).UpdateConsentAsync(new UpdateConsentRequest { CustomerId = customerId, Channel = channel, Status = ConsentStatus.OptedOut, Reason = "test" })
                .ResponseAsync.WaitAsync(TestTimeout.Short);
        }
    }

    /// <summary>Changes the customer's preferred channel in the CRM file (before anything of theirs is cached).</summary>
    private static async Task PreferAsync(RoutingServerHost host, string customerId, string channel)
    {
        await using var crm = new SqliteConnection($"Data Source={host.CrmDatabase}");
        await crm.OpenAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                using var update = crm.CreateCommand();
                update.CommandText = "UPDATE customers SET preferred_channel = $channel WHERE tenant_id = $tenant AND customer_id = $customer";
                update.Parameters.AddWithValue("$channel", channel);
                update.Parameters.AddWithValue("$tenant", host.Tenant);
                update.Parameters.AddWithValue("$customer", customerId);
                return await update.ExecuteNonQueryAsync() == 1;
            },
            TestTimeout.Long,
            "the demo CRM was not seeded");
    }

    [Fact]
    public async Task SendReply_WroteOnWhatsAppInsideTheWindow_GoesToWhatsApp_AfterTheWindow_ToTheirPreferredEmail()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(clock, TestTenant.New(), "node-a");
        await PreferAsync(host, "cus-1002", "email");
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var whatsappGateway = await GatewayDeliveryClient.SubscribeAsync(host, channels: "whatsapp");
        await using var emailGateway = await GatewayDeliveryClient.SubscribeAsync(host, channels: "email");
        var receipt = await host.SubmitAsync(new InboundContact { Channel = "whatsapp", ExternalId = "wa-" + Guid.NewGuid(), From = "+33612345678", Text = "Où est ma commande ?" });
        await ada.TakeNextAsync();

        var inside = (await ReplyAsync(ada, receipt.ContactId, "Elle part aujourd'hui.")).ReplyQueued;
        var onWhatsApp = await whatsappGateway.NextDeliveryAsync();
        await whatsappGateway.AckAsync(onWhatsApp.DeliveryId);
        clock.Now = Start.AddHours(25);
        var after = (await ReplyAsync(ada, receipt.ContactId, "Elle arrive demain.")).ReplyQueued;
        var byEmail = await emailGateway.NextDeliveryAsync();

        Assert.Equal(("whatsapp", "reply_window_open"), (inside.Channel, inside.Reason));
        Assert.Equal((inside.DeliveryId, "+33612345678", "Elle part aujourd'hui."), (onWhatsApp.DeliveryId, onWhatsApp.To, onWhatsApp.Text));
        Assert.Equal(("email", "preferred"), (after.Channel, after.Reason));
        Assert.Equal((after.DeliveryId, "bruno.leroy@example.fr", "reply", receipt.ContactId), (byEmail.DeliveryId, byEmail.To, byEmail.Kind, byEmail.ContactId));
        Assert.True(await whatsappGateway.NothingWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task SendReply_CustomerOptedOutOfEverything_CannotBeAnswered_AndTheAgentIsToldWhyPerChannel()
    {
        var clock = new MovableClock(Start);
        await using var host = await StartAsync(clock, TestTenant.New(), "node-a");
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "please stop writing to me" });
        await ada.TakeNextAsync();
        await OptOutAsync(host, "cus-1001", "chat", "email", "sms", "whatsapp", "voice");

        var refused = (await ReplyAsync(ada, receipt.ContactId)).Error;

        Assert.Equal(("no_permitted_channel", (int)StatusCode.FailedPrecondition), (refused.Code, refused.StatusCode));
        foreach (var channel in new[] { "chat", "email", "sms", "whatsapp", "voice" })
        {
            Assert.Contains($"{channel}: the customer opted out of it", refused.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("alice", refused.Message, StringComparison.OrdinalIgnoreCase);
        var db = redis.Connection.GetDatabase();
        foreach (var channel in new[] { "chat", "email", "sms", "whatsapp", "voice" })
        {
            Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Outbox(channel)));
        }

        var outreach = await Assert.ThrowsAsync<RpcException>(() => SendAsync(host, Outreach("cus-1001", "Your invoice")));
        Assert.Equal((StatusCode.FailedPrecondition, "no_permitted_channel"), (outreach.StatusCode, outreach.Trailers.GetValue("routing-error")));
    }

    [Fact]
    public async Task OutreachSend_ByAddressWithoutAnyContact_ThenAGatewaysStopOnNodeA_RevokesTheChannelForTheNextSendOnNodeB()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b", Settings(("Crm:ConnectionString", $"Data Source={nodeA.CrmDatabase}"), ("Crm:CacheTtl", "01:00:00")));
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(nodeA, channels: ["whatsapp", "sms"]);

        // Chen never wrote: preferred WhatsApp (consented), then SMS; e-mail opted out.
        var first = await SendAsync(nodeB, new OutreachSendRequest { Channel = "sms", Address = "+44 7700 900103", Text = "Your parcel is on its way.", Source = "notify", ExternalId = "p-1" });
        var toWhatsApp = await gateway.NextDeliveryAsync();
        await gateway.AckAsync(toWhatsApp.DeliveryId);
        await new ContactIngest.ContactIngestClient(nodeA.Channel)
            .ReportOptOutAsync(new ReportOptOutRequest { Channel = "whatsapp", Address = "+447700900103", Keyword = "STOP" }).ResponseAsync.WaitAsync(TestTimeout.Short);
        var second = await SendAsync(nodeB, Outreach("cus-1003", "It arrives tomorrow."));
        var toSms = await gateway.NextDeliveryAsync();
        await new ContactIngest.ContactIngestClient(nodeA.Channel)
            .ReportOptOutAsync(new ReportOptOutRequest { Channel = "sms", Address = "+447700900103", Keyword = "STOP" }).ResponseAsync.WaitAsync(TestTimeout.Short);
        var none = await Assert.ThrowsAsync<RpcException>(() => SendAsync(nodeB, Outreach("cus-1003", "Delivered.")));

        Assert.Equal(("cus-1003", "whatsapp", "preferred", false), (first.CustomerId, first.Channel, first.Reason, first.Deferred));
        Assert.Equal((first.DeliveryId, "+447700900103", "outreach"), (toWhatsApp.DeliveryId, toWhatsApp.To, toWhatsApp.Kind));
        Assert.Equal(("sms", "consent_order"), (second.Channel, second.Reason));
        Assert.Equal((second.DeliveryId, "sms"), (toSms.DeliveryId, toSms.Channel));
        Assert.Equal((StatusCode.FailedPrecondition, "no_permitted_channel"), (none.StatusCode, none.Trailers.GetValue("routing-error")));
        Assert.Contains("whatsapp: the customer opted out of it", none.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("sms: the customer opted out of it", none.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("email: the customer opted out of it", none.Status.Detail, StringComparison.Ordinal);

        var unknown = await Assert.ThrowsAsync<RpcException>(() => SendAsync(nodeB, new OutreachSendRequest { Channel = "sms", Address = "+447700900999", Text = "hi", Source = "notify", ExternalId = "p-2" }));
        Assert.Equal((StatusCode.NotFound, "customer_not_found"), (unknown.StatusCode, unknown.Trailers.GetValue("routing-error")));
        Assert.DoesNotContain("900999", unknown.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OutreachSend_TwoNodesAtOnce_AcrossChannels_NeverExceedTheDailyLimit_AndSayWhenItMayGo()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        var settings = Settings(("Outbound:Limits:PerDay", "3"));
        await using var nodeA = await StartAsync(clock, tenant, "node-a", settings);
        await using var nodeB = await StartAsync(clock, tenant, "node-b", settings);

        var onChat = await SendAsync(nodeA, Outreach("cus-1001", "one"));
        await OptOutAsync(nodeA, "cus-1001", "chat");
        clock.Now = Start.AddMinutes(5);
        var results = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            try
            {
                return (Response: await SendAsync(i % 2 == 0 ? nodeA : nodeB, Outreach("cus-1001", $"message {i}")), Error: (RpcException?)null);
            }
            catch (RpcException ex)
            {
                return (Response: (OutreachSendResponse?)null, Error: ex);
            }
        }));

        Assert.Equal("chat", onChat.Channel);
        var sent = results.Where(r => r.Response is not null).Select(r => r.Response!).ToList();
        Assert.Equal(2, sent.Count);
        Assert.All(sent, s => Assert.Equal(("email", false), (s.Channel, s.Deferred)));
        var refused = results.Where(r => r.Error is not null).Select(r => r.Error!).ToList();
        Assert.Equal(10, refused.Count);
        Assert.All(refused, e =>
        {
            Assert.Equal((StatusCode.ResourceExhausted, "communication_limit"), (e.StatusCode, e.Trailers.GetValue("routing-error")));
            Assert.Equal("2026-11-27T10:00:00Z", e.Trailers.GetValue("routing-not-before"));
            Assert.Equal("86100", e.Trailers.GetValue("retry-after"));
            Assert.Contains("2026-11-27T10:00:00Z", e.Status.Detail, StringComparison.Ordinal);
        });
        var db = redis.Connection.GetDatabase();
        Assert.Equal(1, await db.SortedSetLengthAsync(nodeA.Keys.Outbox("chat")));
        Assert.Equal(2, await db.SortedSetLengthAsync(nodeA.Keys.Outbox("email")));

        // Asked to wait, it is deferred to the moment the first leaves the day's window.
        var deferred = await SendAsync(nodeB, Outreach("cus-1001", "when you can", defer: true));
        Assert.Equal((true, "communication_limit", "email"), (deferred.Deferred, deferred.Hold, deferred.Channel));
        Assert.Equal(Start.AddDays(1), deferred.SendAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task OutreachSend_InsideQuietHours_DeferredThenDeliveredWhenTheyEnd_WhileAReplyGoesAtOnce()
    {
        // 03:00 UTC: quiet in London (UTC in November) and in New York (22:00 there, quiet until 08:00, 13:00 UTC).
        var clock = new MovableClock(new DateTimeOffset(2026, 11, 27, 3, 0, 0, TimeSpan.Zero));
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(nodeB, channels: ["chat", "email"]);
        await using var ada = await DeskClient.ConnectAsync(nodeA, "ada");

        var deferred = await SendAsync(nodeA, Outreach("cus-1004", "Your refund was approved."));
        Assert.Equal((true, "quiet_hours", "email"), (deferred.Deferred, deferred.Hold, deferred.Channel));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 13, 0, 0, TimeSpan.Zero), deferred.SendAt.ToDateTimeOffset());

        // Alice writes at 03:00: the answer in the conversation she started is not held.
        var receipt = await nodeA.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "still open?" });
        await ada.TakeNextAsync();
        var reply = (await ReplyAsync(ada, receipt.ContactId, "Yes, we are open all night.")).ReplyQueued;
        var replied = await gateway.NextDeliveryAsync();
        await gateway.AckAsync(replied.DeliveryId);
        Assert.Equal((reply.DeliveryId, "chat"), (replied.DeliveryId, replied.Channel));
        Assert.True(await gateway.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));

        // Dana lives in New York: 08:00 there is 13:00 UTC.
        clock.Now = new DateTimeOffset(2026, 11, 27, 12, 59, 0, TimeSpan.Zero);
        await HoursTestKit.SweptAtAsync(nodeB, redis.Connection, "node-b", clock.Now);
        Assert.True(await gateway.NothingWithinAsync(TimeSpan.FromMilliseconds(300)));
        clock.Now = new DateTimeOffset(2026, 11, 27, 13, 0, 1, TimeSpan.Zero);
        var delivered = await gateway.NextDeliveryAsync();
        await gateway.AckAsync(delivered.DeliveryId);

        Assert.Equal((deferred.DeliveryId, "email", "dana.okafor@example.com", "Your refund was approved."), (delivered.DeliveryId, delivered.Channel, delivered.To, delivered.Text));
        Assert.True(await gateway.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(nodeA.Keys.DeferredOutreach));
    }

    [Fact]
    public async Task OutreachSend_IdenticalContentTwice_SentOnce_TheSecondAnswersWithTheFirstDelivery()
    {
        var clock = new MovableClock(Start);
        var tenant = TestTenant.New();
        await using var nodeA = await StartAsync(clock, tenant, "node-a");
        await using var nodeB = await StartAsync(clock, tenant, "node-b");
        await using var gateway = await GatewayDeliveryClient.SubscribeAsync(nodeA, channels: "chat");

        var first = await SendAsync(nodeA, Outreach("cus-1001", "Your statement is ready."));
        var delivered = new List<OutboundDelivery> { await gateway.NextDeliveryAsync() };
        await gateway.AckAsync(delivered[0].DeliveryId);
        clock.Now = Start.AddHours(2);
        var second = await SendAsync(nodeB, Outreach("cus-1001", "Your statement is ready."));
        var other = await SendAsync(nodeB, Outreach("cus-1001", "Your statement is ready (corrected)."));
        delivered.Add(await gateway.NextDeliveryAsync());
        await gateway.AckAsync(delivered[1].DeliveryId);

        Assert.True(await gateway.NothingWithinAsync(TimeSpan.FromMilliseconds(500)));
        clock.Now = Start.AddHours(25);
        var dayAfter = await SendAsync(nodeB, Outreach("cus-1001", "Your statement is ready."));

        Assert.Equal((false, "chat"), (first.Duplicate, first.Channel));
        Assert.Equal((true, first.DeliveryId, "chat", false), (second.Duplicate, second.DeliveryId, second.Channel, second.Existing));
        Assert.False(other.Duplicate);
        Assert.Equal(new[] { first.DeliveryId, other.DeliveryId }.Order(), delivered.Select(d => d.DeliveryId).Order());
        Assert.False(dayAfter.Duplicate);
        Assert.NotEqual(first.DeliveryId, dayAfter.DeliveryId);
    }
}
