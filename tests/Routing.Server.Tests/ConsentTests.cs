using Grpc.Core;
using Microsoft.Data.Sqlite;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Consent end to end: a gateway's opt-out and Outreach.UpdateConsent hold at once on every node
/// (over each node's cached CRM context), reach the CRM, show at the desk, are audited and erased.
/// </summary>
public sealed class ConsentTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private const string AliceId = "cus-1001";
    private const string AlicePhone = "+447700900101";

    [Fact]
    public async Task ReportOptOut_OnNodeA_HoldsAtOnceOnNodeB_ReachesTheCrm_AndTheOfferOnBListsOnlyPermittedChannels()
    {
        var tenant = TestTenant.New();
        await using var nodeA = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant, "node-a");
        await using var nodeB = await RoutingServerHost.StartAsync(
            redis.ConnectionString,
            DeskTestKit.FastEngine(("Crm:ConnectionString", $"Data Source={nodeA.CrmDatabase}"), ("Crm:CacheTtl", "01:00:00")),
            tenant,
            "node-b");
        var outreachB = new Outreach.OutreachClient(nodeB.Channel);
        var before = await outreachB.GetConsentAsync(new GetConsentRequest { CustomerId = AliceId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal((ConsentStatus.OptedIn, ConsentSource.Crm), Status(before, "sms"));
        Assert.Equal(["chat", "email", "sms"], before.PermittedChannels);
        Assert.Equal(["chat", "email", "sms"], before.ChannelOrder);
        Assert.Equal("Europe/London", before.TimeZone);

        var reported = await new ContactIngest.ContactIngestClient(nodeA.Channel)
            .ReportOptOutAsync(new ReportOptOutRequest { Channel = "sms", Address = "+44 7700 900101", Keyword = "STOP" }).ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.Equal((AliceId, true), (reported.CustomerId, reported.Applied));
        var after = await outreachB.GetConsentAsync(new GetConsentRequest { CustomerId = AliceId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal((ConsentStatus.OptedOut, ConsentSource.Router), Status(after, "sms"));
        Assert.Equal(["chat", "email"], after.PermittedChannels);
        Assert.Equal(0L, await CrmConsentAsync(nodeA.CrmDatabase, tenant, "sms"));
        Assert.Equal(0, await new ConsentStore(redis.Connection).CountWriteBackAsync(tenant));

        // She still may write on SMS: the contact is routed, and the desk on B is told where an answer may go.
        await using var ada = await DeskClient.ConnectAsync(nodeB, "agent-ada");
        var receipt = await nodeA.SubmitAsync(new InboundContact { Channel = "sms", ExternalId = "sms-" + Guid.NewGuid(), From = AlicePhone, Text = "STOP was a mistake?" });
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.Equal(["chat", "email"], offer.PermittedReplyChannels.Order());
    }

    [Fact]
    public async Task Offer_PermittedReplyChannels_CountTheJourneyOnlyWhereItMatters()
    {
        // Dana (cus-1004): e-mail consented, SMS opted out, chat known ("dana.o") with no consent
        // either way, so chat is permitted only while a chat of hers holds its reply window open.
        // The offer path skips the journey read when it cannot change the answer: these offers
        // show it is still read when it does (chat permitted on her e-mail's offer after she chatted).
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), tenant);
        await using var ada = await DeskClient.ConnectAsync(host, "agent-ada");

        await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "em-" + Guid.NewGuid(), From = "dana.okafor@example.com", Subject = "Bill", Text = "First mail" });
        var firstMail = await ada.NextOfferAsync();
        Assert.Equal(["email"], firstMail.PermittedReplyChannels);
        Assert.Equal(firstMail.Contact.ContactId, (await ada.AcceptAsync(firstMail.OfferId)).Assigned.Assignment.Contact.ContactId);
        await ada.CompleteAsync(firstMail.Contact.ContactId);

        await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "ch-" + Guid.NewGuid(), From = "dana.o", Text = "Hello?" });
        var chat = await ada.NextOfferAsync();
        Assert.Equal(["chat", "email"], chat.PermittedReplyChannels);
        await ada.AcceptAsync(chat.OfferId);
        await ada.CompleteAsync(chat.Contact.ContactId);

        await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "em-" + Guid.NewGuid(), From = "dana.okafor@example.com", Subject = "Bill", Text = "Second mail" });
        var secondMail = await ada.NextOfferAsync();
        Assert.Equal(["email", "chat"], secondMail.PermittedReplyChannels);

        // A sender the CRM does not know: only their own channel, its window opened by this contact.
        await host.SubmitAsync(new InboundContact { Channel = "sms", ExternalId = "sms-" + Guid.NewGuid(), From = "+447700900999", Text = "Who am I?" });
        var stranger = await ada.NextAsync(m => m.Offer is { } o && o.Contact.From.EndsWith("900999", StringComparison.Ordinal));
        Assert.Equal(["sms"], stranger.Offer.PermittedReplyChannels);
    }

    [Fact]
    public async Task ReportOptOut_OnAChannelTheGatewayMayNotUse_IsPermissionDenied_AndWritesNothing()
    {
        const string chatKey = "rk_chat-only-gateway";
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TestCredentials.GatewayKeySettings(1, "chat-gw", tenant, chatKey, "chat"), tenant);
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);

        var error = await Assert.ThrowsAsync<RpcException>(() => ingest.ReportOptOutAsync(
            new ReportOptOutRequest { Channel = "sms", Address = AlicePhone, Keyword = "STOP" }, TestCredentials.ApiKey(chatKey)).ResponseAsync.WaitAsync(TestTimeout.Short));

        Assert.Equal((StatusCode.PermissionDenied, "channel_not_allowed"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
        Assert.Empty(await new ConsentStore(redis.Connection).GetAsync(tenant, AliceId));
        Assert.Equal(1L, await CrmConsentAsync(host.CrmDatabase, tenant, "sms"));
        var unknown = await Assert.ThrowsAsync<RpcException>(() => ingest.ReportOptOutAsync(
            new ReportOptOutRequest { Channel = "chat", Address = "nobody-known", Keyword = "STOP" }, TestCredentials.ApiKey(chatKey)).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task UpdateConsent_ChangesAtOnce_IsAudited_NeedsAdmin_AndIsErasedWithTheCustomer()
    {
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, tenant: tenant);
        var outreach = new Outreach.OutreachClient(host.Channel);
        var denied = await Assert.ThrowsAsync<RpcException>(() => outreach.UpdateConsentAsync(
            new UpdateConsentRequest { CustomerId = AliceId, Channel = "whatsapp", Status = ConsentStatus.OptedIn },
            TestCredentials.Bearer(host.Credentials.Token("sup", "supervisor"))).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.PermissionDenied, denied.StatusCode);

        var updated = await outreach.UpdateConsentAsync(new UpdateConsentRequest { CustomerId = AliceId, Channel = "WhatsApp", Status = ConsentStatus.OptedIn, Reason = "preference centre" })
            .ResponseAsync.WaitAsync(TestTimeout.Short);

        Assert.True(updated.Applied);
        Assert.Equal(("whatsapp", ConsentStatus.OptedIn, ConsentSource.Router), (updated.Consent.Channel, updated.Consent.Status, updated.Consent.Source));
        var consent = await outreach.GetConsentAsync(new GetConsentRequest { CustomerId = AliceId }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal((ConsentStatus.OptedIn, ConsentSource.Router), Status(consent, "whatsapp"));
        Assert.Contains("whatsapp", consent.PermittedChannels);
        Assert.Equal(1L, await CrmConsentAsync(host.CrmDatabase, tenant, "whatsapp"));
        var audit = await new Privacy.PrivacyClient(host.Channel).ListAuditAsync(new ListAuditRequest()).ResponseAsync.WaitAsync(TestTimeout.Short);
        var entry = Assert.Single(audit.Entries, e => e.Id == updated.AuditId);
        Assert.Equal(("consent_change", AliceId, "test-supervisor"), (entry.Action, entry.Target, entry.Actor));
        Assert.Contains(audit.Entries, e => e.Id == consent.AuditId && e.Action == "consent_read");
        var missing = await Assert.ThrowsAsync<RpcException>(() => outreach.UpdateConsentAsync(
            new UpdateConsentRequest { CustomerId = "cus-nobody", Channel = "sms", Status = ConsentStatus.OptedOut }).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        var badChannel = await Assert.ThrowsAsync<RpcException>(() => outreach.UpdateConsentAsync(
            new UpdateConsentRequest { CustomerId = AliceId, Channel = "pigeon", Status = ConsentStatus.OptedOut }).ResponseAsync.WaitAsync(TestTimeout.Short));
        Assert.Equal(StatusCode.InvalidArgument, badChannel.StatusCode);

        await new Privacy.PrivacyClient(host.Channel).EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = AliceId } })
            .ResponseAsync.WaitAsync(TestTimeout.Short);

        var db = redis.Connection.GetDatabase();
        Assert.False(await db.KeyExistsAsync(host.Keys.ConsentOverrides(AliceId)));
        Assert.Equal(0, await db.SortedSetLengthAsync(host.Keys.ConsentWriteBack));
    }

    [Fact]
    public async Task ReportOptOut_CrmLocked_HoldsAtOnceAndIsWrittenBackWhenTheCrmIsBack()
    {
        var directory = Directory.CreateTempSubdirectory("routing-crm-").FullName;
        var database = Path.Combine(directory, "crm.db");
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(
            ("Crm:ConnectionString", $"Data Source={database};Default Timeout=1"),
            ("Crm:LookupTimeout", "00:00:05")), tenant);
        var outreach = new Outreach.OutreachClient(host.Channel);
        var consents = new ConsentStore(redis.Connection);
        await using (var locker = new SqliteConnection($"Data Source={database}"))
        {
            await locker.OpenAsync();
            await Eventually.TrueAsync(async () => await CrmConsentAsync(database, tenant, "email") == 1, TestTimeout.Long, "the demo CRM was not seeded");
            using (var exclusive = locker.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync();
            }

            var reported = await new ContactIngest.ContactIngestClient(host.Channel)
                .ReportOptOutAsync(new ReportOptOutRequest { Channel = "email", Address = "Alice.Martin@example.com", Keyword = "unsubscribe" }).ResponseAsync.WaitAsync(TestTimeout.Long);

            Assert.True(reported.Applied);
            Assert.Equal(1, await consents.CountWriteBackAsync(tenant));
            var consent = await outreach.GetConsentAsync(new GetConsentRequest { CustomerId = AliceId }).ResponseAsync.WaitAsync(TestTimeout.Short);
            Assert.Equal((ConsentStatus.OptedOut, ConsentSource.Router), Status(consent, "email"));
            using var release = locker.CreateCommand();
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(async () => await consents.CountWriteBackAsync(tenant) == 0, TestTimeout.Long, "the consent change was not written back");
        Assert.Equal(0L, await CrmConsentAsync(database, tenant, "email"));
    }

    private static (ConsentStatus, ConsentSource) Status(GetConsentResponse consent, string channel)
    {
        var state = Assert.Single(consent.Channels, c => c.Channel == channel);
        return (state.Status, state.Source);
    }

    private static async Task<long?> CrmConsentAsync(string database, string tenant, string channel)
    {
        await using var crm = new SqliteConnection($"Data Source={database}");
        await crm.OpenAsync();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT opted_in FROM consents WHERE tenant_id = $tenant AND customer_id = $customer AND channel = $channel";
        command.Parameters.AddWithValue("$tenant", tenant);
        command.Parameters.AddWithValue("$customer", AliceId);
        command.Parameters.AddWithValue("$channel", channel);
        return (long?)await command.ExecuteScalarAsync();
    }
}
