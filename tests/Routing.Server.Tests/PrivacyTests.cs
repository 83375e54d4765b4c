using System.Text.Json;
using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>The Privacy service end to end: real Kestrel, a redis-server of this class alone, the real SQLite CRM file.</summary>
public sealed class PrivacyTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    // Alice (cus-1001) as the CRM knows her, and what she writes in this test.
    private static readonly string[] AliceData =
    [
        "alice.martin@example.com", "+447700900101", "7700900101", "alice.m", "Alice Martin", "Router not shipped", "ACC-1001",
        "Invoice wrong ALICE-TEXT-1", "Refund please ALICE-TEXT-2", "Call me back ALICE-TEXT-3", "Alice invoice subject",
    ];

    private IConnectionMultiplexer Redis => redis.Connection;

    [Fact]
    public async Task EraseCustomer_InFlightAndCompletedContacts_CancelsTellsTheAgentAndLeavesNothingInRedisOrTheCrmFile()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var privacy = new Privacy.PrivacyClient(host.Channel);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");

        // Alice: an e-mail handled and written back to the CRM, a chat assigned to ada, an SMS offered to her.
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-1", From = "Alice.Martin@example.com", Subject = "Alice invoice subject", Text = "Invoice wrong ALICE-TEXT-1" });
        var first = await ada.TakeNextAsync();
        Assert.Equal(email.ContactId, first.Contact.ContactId);
        await ada.CompleteAsync(email.ContactId);
        var engine = new RoutingEngineStore(Redis, new EngineSettings());
        await Eventually.TrueAsync(async () => await engine.CountWriteBackAsync(host.Tenant) == 0);
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "Refund please ALICE-TEXT-2" });
        Assert.Equal(chat.ContactId, (await ada.TakeNextAsync()).Contact.ContactId);
        var sms = await host.SubmitAsync(new InboundContact { Channel = "sms", ExternalId = "s-1", From = "+44 7700 900101", Text = "Call me back ALICE-TEXT-3" });
        Assert.Equal(sms.ContactId, (await ada.NextOfferAsync()).Contact.ContactId);

        // Bruno, who stays.
        var bruno = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-2", From = "bruno.leroy@example.fr", Text = "Bonjour BRUNO-TEXT" });
        Assert.Contains("ALICE-TEXT-2", await StoredBytes.DumpRedisAsync(Redis));
        Assert.Contains(StoredBytes.AsFileText("Alice Martin"), StoredBytes.ReadSqliteFiles(host.CrmDatabase));

        var erased = await privacy.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal("cus-1001", erased.CustomerId);
        Assert.Equal(3, erased.ContactsErased);
        Assert.Equal(new[] { chat.ContactId, sms.ContactId }.Order(), erased.CancelledContactIds.Order());
        Assert.True(erased.CrmRowsDeleted >= 1 + 5 + 4 + 1 + 3 + 1, $"{erased.CrmRowsDeleted} rows: customer, 5 addresses, 4 consents, a case, 3 relationships, an interaction");
        Assert.False(erased.NothingFound);
        Assert.StartsWith("au-", erased.AuditId);

        // The agent is told as for a cancel, for the assignment and for the offer.
        var revoked = new List<string>();
        while (revoked.Count < 2)
        {
            var r = (await ada.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;
            Assert.Equal(RevokeReason.Cancelled, r.Reason);
            revoked.Add(r.ContactId);
        }

        Assert.Equal(new[] { chat.ContactId, sms.ContactId }.Order(), revoked.Order());

        // Nothing of Alice anywhere in Redis (every key and value of this test's server) nor in the CRM's files.
        var stored = await StoredBytes.DumpRedisAsync(Redis);
        var file = StoredBytes.ReadSqliteFiles(host.CrmDatabase);
        foreach (var secret in AliceData)
        {
            Assert.DoesNotContain(secret, stored, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain(StoredBytes.AsFileText(secret), file, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(email.ContactId, stored);
        Assert.DoesNotContain(chat.ContactId, stored);
        Assert.DoesNotContain("cus-1001", file);

        // Bruno is intact, in Redis and in the CRM.
        Assert.Contains("BRUNO-TEXT", stored);
        Assert.Contains("bruno.leroy@example.fr", stored);
        Assert.Contains(StoredBytes.AsFileText("Bruno Leroy"), file);
        Assert.True(await Redis.GetDatabase().KeyExistsAsync(host.Keys.Contact(bruno.ContactId)));

        // Idempotent: nothing is left to erase.
        var again = await privacy.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.True(again.NothingFound);
        Assert.Equal(0, again.ContactsErased);
        Assert.Equal(0, again.CrmRowsDeleted);

        // The CRM no longer knows her address: she writes again as a new, unknown sender.
        var back = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-3", From = "alice.martin@example.com", Text = "hello again" });
        Assert.Equal("", back.CustomerId);
    }

    [Fact]
    public async Task EraseCustomer_OutreachQueuedDeferredAndCounted_LeavesNothingOfItInRedis()
    {
        var clock = new MovableClock(new DateTimeOffset(2026, 11, 26, 10, 0, 0, TimeSpan.Zero));
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(),
            configure: b => Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions.AddSingleton<TimeProvider>(b.Services, clock));
        var outreach = new Outreach.OutreachClient(host.Channel);
        Task<OutreachSendResponse> SendAsync(string customer, string text) => outreach.SendAsync(
            new OutreachSendRequest { CustomerId = customer, Text = text, Source = "notify", ExternalId = Guid.NewGuid().ToString("N") }).ResponseAsync.WaitAsync(TestTimeout.Short);

        // At 10:00 one goes to the outbox (no gateway takes it); at 22:00 London, one waits for the end of
        // quiet hours. Bruno's (17:00 in Toronto) goes to his outbox and stays.
        var queued = await SendAsync("cus-1001", "OUTREACH-ALICE-1");
        clock.Now = clock.Now.AddHours(12);
        var deferred = await SendAsync("cus-1001", "OUTREACH-ALICE-2");
        var bruno = await SendAsync("cus-1002", "OUTREACH-BRUNO");
        Assert.Equal((false, true, false), (queued.Deferred, deferred.Deferred, bruno.Deferred));
        Assert.Contains("OUTREACH-ALICE-2", await StoredBytes.DumpRedisAsync(Redis));

        await new Privacy.PrivacyClient(host.Channel).EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        var stored = await StoredBytes.DumpRedisAsync(Redis);
        Assert.DoesNotContain("OUTREACH-ALICE", stored);
        Assert.Contains("OUTREACH-BRUNO", stored);
        var db = Redis.GetDatabase();
        // Only the (source, external id) records keep the bare delivery ids: a retry finds no delivery and asks the CRM again.
        Assert.False(await db.KeyExistsAsync(host.Keys.Delivery(queued.DeliveryId)));
        Assert.False(await db.KeyExistsAsync(host.Keys.Delivery(deferred.DeliveryId)));
        Assert.False(await db.KeyExistsAsync(host.Keys.OutreachSent("cus-1001")));
        Assert.False(await db.KeyExistsAsync(host.Keys.OutreachContent("cus-1001")));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.DeferredOutreach));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.Outbox("chat")));
        Assert.Equal([bruno.DeliveryId], (await db.SortedSetRangeByRankAsync(host.Keys.Outbox(bruno.Channel))).Select(v => (string)v!));
    }

    [Fact]
    public async Task EraseCustomer_ByAddressOfAnUnknownSender_ErasesTheAddressThread()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var stranger = await host.SubmitAsync(new InboundContact { Channel = "whatsapp", ExternalId = "w-1", From = "+49 151 2345 6789", Text = "STRANGER-TEXT" });
        var followUp = await host.SubmitAsync(new InboundContact { Channel = "whatsapp", ExternalId = "w-1b", From = "+4915123456789", Text = "STRANGER-FOLLOW-UP" });
        Assert.True(followUp.Merged);
        var other = await host.SubmitAsync(new InboundContact { Channel = "whatsapp", ExternalId = "w-2", From = "+49 151 9999 0000", Text = "OTHER-TEXT" });

        var erased = await new Privacy.PrivacyClient(host.Channel)
            .EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { Address = "0049 151 2345 6789" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal("", erased.CustomerId);
        Assert.Equal(1, erased.ContactsErased);
        Assert.Equal([stranger.ContactId], erased.CancelledContactIds);
        var stored = await StoredBytes.DumpRedisAsync(Redis);
        Assert.DoesNotContain("+4915123456789", stored);
        Assert.DoesNotContain("STRANGER-", stored);
        Assert.DoesNotContain(stranger.ContactId, stored);
        Assert.Contains("OTHER-TEXT", stored);
        Assert.Contains(other.ContactId, stored);
    }

    [Fact]
    public async Task ExportCustomer_ByAddress_HoldsTheCrmRecordAndEveryContactAcrossChannelsWithMessagesAndTimelines()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-1", From = "alice.martin@example.com", Subject = "Alice invoice subject", Text = "Invoice wrong ALICE-TEXT-1" });
        await ada.TakeNextAsync();
        await ada.CompleteAsync(email.ContactId);
        await Eventually.TrueAsync(async () => await new RoutingEngineStore(Redis, new EngineSettings()).CountWriteBackAsync(host.Tenant) == 0);
        await ada.StatusAsync(AgentStatus.Away);
        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "Refund please ALICE-TEXT-2" });
        var merged = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-2", From = "alice.m", Text = "Still waiting ALICE-TEXT-4" });
        Assert.True(merged.Merged);
        var sms = await host.SubmitAsync(new InboundContact { Channel = "sms", ExternalId = "s-1", From = "+447700900101", Text = "Call me back ALICE-TEXT-3" });

        var export = await new Privacy.PrivacyClient(host.Channel)
            .ExportCustomerAsync(new ExportCustomerRequest { Customer = new CustomerSelector { Address = "+44 7700 900101" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal("cus-1001", export.CustomerId);
        Assert.Equal(3, export.Contacts);
        using var json = JsonDocument.Parse(export.Json);
        var root = json.RootElement;
        Assert.Equal("cus-1001", root.GetProperty("customerId").GetString());
        var crm = root.GetProperty("crm");
        Assert.Equal("Alice Martin", crm.GetProperty("customers")[0].GetProperty("display_name").GetString());
        Assert.Equal(5, crm.GetProperty("contact_points").GetArrayLength());
        Assert.Contains(crm.GetProperty("cases").EnumerateArray(), c => c.GetProperty("subject").GetString() == "Router not shipped");
        var interaction = Assert.Single(crm.GetProperty("interactions").EnumerateArray());
        Assert.Equal(email.ContactId, interaction.GetProperty("contact_id").GetString());
        Assert.Equal("resolved", interaction.GetProperty("disposition").GetString());

        var thread = Assert.Single(root.GetProperty("threads").EnumerateArray());
        Assert.Equal([email.ContactId, chat.ContactId, sms.ContactId], thread.GetProperty("journey").EnumerateArray().Select(j => j.GetProperty("contactId").GetString()));
        var contacts = thread.GetProperty("contacts").EnumerateArray().ToDictionary(c => c.GetProperty("contactId").GetString()!);
        Assert.Equal(["email", "chat", "sms"], new[] { email, chat, sms }.Select(r => contacts[r.ContactId].GetProperty("fields").GetProperty("ch").GetString()));
        Assert.Equal("Invoice wrong ALICE-TEXT-1", contacts[email.ContactId].GetProperty("fields").GetProperty("text").GetString());
        Assert.Equal("Alice Martin", contacts[chat.ContactId].GetProperty("fields").GetProperty("crm").GetProperty("displayName").GetString());
        Assert.Equal("Still waiting ALICE-TEXT-4", Assert.Single(contacts[chat.ContactId].GetProperty("messages").EnumerateArray()).GetProperty("text").GetString());
        Assert.Equal(
            ["received", "queued", "offered", "accepted", "completed", "written_back"],
            contacts[email.ContactId].GetProperty("timeline").EnumerateArray().Select(t => t.GetProperty("kind").GetString()));
        Assert.NotEmpty(thread.GetProperty("conversations").EnumerateArray());
    }

    [Fact]
    public async Task ListAudit_CancelTransferEraseAndExport_AreRecordedNewestFirstWithIdsOnly()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var privacy = new Privacy.PrivacyClient(host.Channel);
        var cancelled = await host.SubmitAsync(new InboundContact { Channel = "voice", ExternalId = "v-1", From = "+33612345678", Text = "BRUNO-TEXT" });
        await new ContactIngest.ContactIngestClient(host.Channel).CancelAsync(new CancelRequest { ContactId = cancelled.ContactId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob", status: AgentStatus.Away);
        var moved = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-1", From = "alice.m", Text = "ALICE-TEXT-2" });
        await ada.TakeNextAsync();
        await bob.StatusAsync(AgentStatus.Available);
        var transferred = await ada.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = moved.ContactId, AgentId = "bob", Note = "Alice Martin wants a refund" } });
        Assert.NotNull(transferred.Transferred);
        await privacy.ExportCustomerAsync(new ExportCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1002" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        await privacy.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { Address = "alice.m", Channel = "chat" } }).ResponseAsync.WaitAsync(TestTimeout.Short);

        var entries = new List<Protos.V1.AuditEntry>();
        var token = "";
        do
        {
            var page = await privacy.ListAuditAsync(new ListAuditRequest { PageSize = 2, PageToken = token }).ResponseAsync.WaitAsync(TestTimeout.Short);
            entries.AddRange(page.Entries);
            token = page.NextPageToken;
        }
        while (token.Length > 0);

        Assert.Equal(["erase", "export", "transfer", "cancel"], entries.Select(e => e.Action));
        Assert.Equal(["cus-1001", "cus-1002", moved.ContactId, cancelled.ContactId], entries.Select(e => e.Target));
        Assert.Equal(["test-supervisor", "test-supervisor", "ada", TestCredentials.GatewayKeyId], entries.Select(e => e.Actor));
        Assert.All(entries, e => Assert.Equal(host.Tenant, e.Tenant));
        Assert.Equal("to agent bob", entries[2].Detail);
        Assert.True(entries.Zip(entries.Skip(1)).All(p => p.First.At.ToDateTimeOffset() >= p.Second.At.ToDateTimeOffset()));
        var text = string.Join("\n", entries.Select(e => e.ToString()));
        foreach (var personal in new[] { "+33612345678", "alice.m", "Alice Martin", "Bruno", "BRUNO-TEXT", "ALICE-TEXT", "refund" })
        {
            Assert.DoesNotContain(personal, text, StringComparison.OrdinalIgnoreCase);
        }

        var audit = (await Redis.GetDatabase().SortedSetRangeByRankAsync(host.Keys.Audit)).Select(v => (string)v!).ToList();
        Assert.Equal(4, audit.Count);
    }

    [Fact]
    public async Task Privacy_BadRequests_AreInvalidArgumentNamingTheField_WithoutEchoingTheAddress()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var privacy = new Privacy.PrivacyClient(host.Channel);

        var none = await Assert.ThrowsAsync<RpcException>(() => privacy.EraseCustomerAsync(new EraseCustomerRequest()).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.InvalidArgument, none.StatusCode);
        Assert.Equal("customer", none.Trailers.GetValue("routing-field"));

        var bad = await Assert.ThrowsAsync<RpcException>(() => privacy.ExportCustomerAsync(new ExportCustomerRequest { Customer = new CustomerSelector { Channel = "sms", Address = "07700 900101" } }).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.InvalidArgument, bad.StatusCode);
        Assert.Equal("customer.address", bad.Trailers.GetValue("routing-field"));
        Assert.DoesNotContain("900101", bad.Status.Detail);

        var token = await Assert.ThrowsAsync<RpcException>(() => privacy.ListAuditAsync(new ListAuditRequest { PageToken = "nonsense" }).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.InvalidArgument, token.StatusCode);
        Assert.Equal("page_token", token.Trailers.GetValue("routing-field"));
        Assert.Empty(await Redis.GetDatabase().SortedSetRangeByRankAsync(host.Keys.Audit));
    }
}
