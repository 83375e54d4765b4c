using Microsoft.Data.Sqlite;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;
using StackExchange.Redis;

namespace Routing.Server.Tests;

/// <summary>The agent desk end to end: real Kestrel, real redis-server, generated AgentDesk client.</summary>
public sealed class AgentDeskTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    private IConnectionMultiplexer Redis => redis.Connection;

    [Fact]
    public async Task Offer_LongTextFromAKnownCustomer_ReachesTheDeskWholeWithTheCrmSnapshot()
    {
        // The store keeps values of at most 64 bytes and the CRM snapshot in a key of its own: the offer is read back whole.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var text = string.Concat(Enumerable.Repeat("Où est mon colis ? Ça fait déjà dix jours 📦 ", 6));
        var subject = new string('s', 70) + " – commande n° 4711";

        var receipt = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = $"chat-{Guid.NewGuid():N}", From = "alice.m", Subject = subject, Text = text });
        var offer = await ada.NextOfferAsync();

        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.Equal((text, subject), (offer.Contact.Text, offer.Contact.Subject));
        Assert.Equal("Alice Martin", offer.Contact.Customer.DisplayName);
    }

    [Fact]
    public async Task Contact_FromSubmitToComplete_IsOfferedAcceptedCompletedAndWrittenBackOnce()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        Assert.Equal("ada", ada.Welcome.AgentId);
        Assert.StartsWith("ses-", ada.Welcome.SessionId);
        Assert.Empty(ada.Welcome.Resumed);

        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat", "my parcel is late"));
        var offer = await ada.NextOfferAsync();
        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        Assert.Equal("my parcel is late", offer.Contact.Text);
        Assert.Equal(OfferReason.Strategy, offer.Reason);
        Assert.True(offer.ExpiresAt.ToDateTimeOffset() > DateTimeOffset.UtcNow);
        Assert.NotNull(offer.Contact.Customer);

        var assigned = await ada.AcceptAsync(offer.OfferId);
        Assert.Equal(receipt.ContactId, assigned.Assigned.Assignment.Contact.ContactId);
        Assert.Equal(ContactState.Assigned, assigned.Assigned.Assignment.Contact.State);

        var completed = await ada.CompleteAsync(receipt.ContactId, "resolved");
        Assert.Equal(receipt.ContactId, completed.Completed.ContactId);

        var engine = new RoutingEngineStore(Redis, new EngineSettings());
        await Eventually.TrueAsync(async () => await engine.CountWriteBackAsync(host.Tenant) == 0);
        await using var crm = new SqliteConnection($"Data Source={host.CrmDatabase}");
        await crm.OpenAsync();
        using var command = crm.CreateCommand();
        command.CommandText = "SELECT agent_id || '|' || disposition || '|' || channel || '|' || queue FROM interactions WHERE contact_id = $id";
        command.Parameters.AddWithValue("$id", receipt.ContactId);
        Assert.Equal("ada|resolved|chat|general", (string?)await command.ExecuteScalarAsync());

        var timeline = await new ContactQueueStore(Redis, Microsoft.Extensions.Options.Options.Create(new RedisOptions()), new EngineSettings())
            .GetTimelineAsync(host.Tenant, receipt.ContactId, CancellationToken.None);
        Assert.Equal(["received", "queued", "offered", "accepted", "completed", "written_back"], timeline.Select(t => t.Kind));
        Assert.Equal("ada", timeline[2].Agent);
    }
}

/// <summary>The desk protocol's edges end to end: mistakes, replacement, drops, affinity, expiry, two nodes.</summary>
public sealed class AgentDeskProtocolTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Hello_WithBadCapacity_IsInvalidArgumentNamingTheField_AndStoresNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("bob"));
        var hello = new Hello { AgentId = "bob" };
        hello.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = -1 });
        await call.RequestStream.WriteAsync(new ConnectRequest { Hello = hello });

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(Grpc.Core.StatusCode.InvalidArgument, error.StatusCode);
        Assert.Equal("hello.capacity.max_concurrent", call.GetTrailers().GetValue("routing-field"));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.Agent("bob")));
    }

    [Fact]
    public async Task FirstMessageNotHello_IsFailedPrecondition()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("bob"));
        await call.RequestStream.WriteAsync(new ConnectRequest { Heartbeat = new Heartbeat() });

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None));

        Assert.Equal(Grpc.Core.StatusCode.FailedPrecondition, error.StatusCode);
    }

    [Fact]
    public async Task ClientMistakes_GetPreciseDeskErrors_AndChangeNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("email"));
        var offer = await ada.NextOfferAsync();

        var notYours = (await bob.AcceptAsync(offer.OfferId)).Error;
        Assert.Equal(("not_your_offer", (int)Grpc.Core.StatusCode.PermissionDenied, "offer_id"), (notYours.Code, notYours.StatusCode, notYours.Field));
        Assert.Equal("offer_not_found", (await bob.AcceptAsync("of-nothing-1")).Error.Code);
        Assert.Equal("invalid_argument", (await bob.AcceptAsync("")).Error.Code);
        Assert.Equal("contact_not_found", (await bob.CompleteAsync("ct-nothing")).Error.Code);
        Assert.Equal("contact_not_assigned_to_you", (await bob.CompleteAsync(receipt.ContactId)).Error.Code);
        Assert.Equal("complete.disposition", (await bob.CompleteAsync(receipt.ContactId, disposition: "")).Error.Field);
        Assert.Equal("status.status", (await bob.StatusAsync(AgentStatus.Unspecified)).Error.Field);
        Assert.Equal("already_connected", (await bob.RequestAsync(new ConnectRequest { Hello = new Hello { AgentId = "bob" } })).Error.Code);

        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());
        Assert.Equal(ContactStates.Offered, (await engine.GetAgentAsync(host.Tenant, "ada"))!.Holdings[receipt.ContactId] == "o|email" ? ContactStates.Offered : "");
        Assert.Empty((await engine.GetAgentAsync(host.Tenant, "bob"))!.Holdings);
        Assert.NotNull((await ada.AcceptAsync(offer.OfferId)).Assigned);
    }

    [Fact]
    public async Task SecondConnect_ReplacesTheFirstSession_WhichIsToldWhy()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var first = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await first.TakeNextAsync();

        await using var second = await DeskClient.ConnectAsync(host, "ada");

        var replaced = (await first.NextAsync(m => m.SessionReplaced is not null)).SessionReplaced;
        Assert.Equal(second.Welcome.SessionId, replaced.NewSessionId);
        await first.WaitEndedAsync();
        Assert.Equal(receipt.ContactId, Assert.Single(second.Welcome.Resumed).Contact.ContactId);
        Assert.NotNull((await second.CompleteAsync(receipt.ContactId)).Completed);
    }

    [Fact]
    public async Task DroppedStream_ReturnsOffersAtOnce_AndReconnectResumesAssignments()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        var ada = await DeskClient.ConnectAsync(host, "ada", h => h.Capacity.Add(new ChannelCapacity { Channel = "chat", MaxConcurrent = 2 }));
        var assigned = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();
        var offered = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.NextOfferAsync();

        await ada.DropAsync();
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        Assert.Equal(offered.ContactId, (await bob.NextOfferAsync()).Contact.ContactId);
        await using var again = await DeskClient.ConnectAsync(host, "ada");
        Assert.Equal(assigned.ContactId, Assert.Single(again.Welcome.Resumed).Contact.ContactId);
    }

    [Fact]
    public async Task Grace_Passed_AssignmentsReturnToTheQueue()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Engine:ReconnectGrace", "00:00:00.300")));
        var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("email"));
        await ada.TakeNextAsync();
        await ada.DropAsync();

        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var offer = await bob.NextOfferAsync();

        Assert.Equal(receipt.ContactId, offer.Contact.ContactId);
        await using var back = await DeskClient.ConnectAsync(host, "ada");
        Assert.Empty(back.Welcome.Resumed);
    }

    [Fact]
    public async Task Affinity_ChatAfterEmailFromSameCustomer_ReachesTheSameAgentWithHistory()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var email = await host.SubmitAsync(new InboundContact { Channel = "email", ExternalId = "m-" + Guid.NewGuid(), From = "alice.martin@example.com", Subject = "Refund", Text = "Where is my refund?" });
        await ada.TakeNextAsync();
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        var chat = await host.SubmitAsync(new InboundContact { Channel = "chat", ExternalId = "c-" + Guid.NewGuid(), From = "alice.m", Text = "Any news about the refund?" });

        var offer = await ada.NextOfferAsync();
        Assert.Equal(chat.ContactId, offer.Contact.ContactId);
        Assert.Equal(email.ConversationId, chat.ConversationId);
        Assert.Equal(OfferReason.ConversationAffinity, offer.Reason);
        var earlier = Assert.Single(offer.History);
        Assert.Equal(("email", email.ContactId, "ada"), (earlier.Channel, earlier.ContactId, earlier.AgentId));
        Assert.True(await bob.NoOfferWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Expiry_RevokesTheOffer_AndRepeatedNoAnswerPutsTheAgentAway()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(
            ("Engine:OfferTimeout", "00:00:00.200"), ("Engine:MaxConsecutiveExpiries", "2"), ("Engine:DeclineCooldown", "00:00:00")));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));

        var first = await ada.NextOfferAsync();
        var revoked = (await ada.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;
        Assert.Equal((first.OfferId, RevokeReason.Expired), (revoked.OfferId, revoked.Reason));
        await ada.NextOfferAsync();
        var away = (await ada.NextAsync(m => m.StatusChanged is not null)).StatusChanged;
        Assert.Equal((AgentStatus.Away, "no_answer"), (away.Status, away.Reason));
        Assert.Equal("offer_no_longer_valid", (await ada.AcceptAsync(first.OfferId)).Error.Code);
        Assert.Equal(ContactStates.Queued, (string?)await redis.Connection.GetDatabase().HashGetAsync(host.Keys.Contact(receipt.ContactId), "state"));
    }

    [Fact]
    public async Task Decline_OffersTheContactToAnotherAgent_AndCancelWhileOfferedRevokes()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("sms"));
        var offer = await ada.NextOfferAsync();
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        Assert.NotNull((await ada.DeclineAsync(offer.OfferId, "on a break soon")).OfferRevoked);
        var toBob = await bob.NextOfferAsync();
        Assert.Equal(receipt.ContactId, toBob.Contact.ContactId);

        await new ContactIngest.ContactIngestClient(host.Channel).CancelAsync(new CancelRequest { ContactId = receipt.ContactId, Reason = "customer left" });
        var revoked = (await bob.NextAsync(m => m.OfferRevoked is not null)).OfferRevoked;
        Assert.Equal((toBob.OfferId, RevokeReason.Cancelled), (revoked.OfferId, revoked.Reason));
    }

    [Fact]
    public async Task Transfer_ToAnotherAgent_CarriesTheConversation()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        var moved = await ada.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = receipt.ContactId, AgentId = "bob", Note = "billing expert" } });
        Assert.NotNull(moved.Transferred);
        var offer = await bob.NextOfferAsync();
        Assert.Equal((receipt.ContactId, OfferReason.Transfer), (offer.Contact.ContactId, offer.Reason));

        var unknown = await bob.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = receipt.ContactId, AgentId = "nobody" } });
        Assert.Equal("contact_not_assigned_to_you", unknown.Error.Code);
    }
}

/// <summary>Interaction write-back to the CRM survives a CRM outage: retried, never lost, never duplicated.</summary>
public sealed class InteractionWriteBackTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task CrmLockedAtCompletion_InteractionIsRetriedAndWrittenOnceWhenItIsBack()
    {
        var directory = Directory.CreateTempSubdirectory("routing-crm-").FullName;
        var database = Path.Combine(directory, "crm.db");
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(
            ("Crm:ConnectionString", $"Data Source={database};Default Timeout=1"),
            ("Crm:LookupTimeout", "00:00:05"),
            ("Engine:WriteBackRetry", "00:00:00.200")));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("whatsapp"));
        await ada.TakeNextAsync();
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());

        await using (var locker = new SqliteConnection($"Data Source={database}"))
        {
            await locker.OpenAsync();
            // The CRM's schema and demo data are applied in the background at start-up: let that finish first.
            await Eventually.TrueAsync(async () =>
            {
                using var ready = locker.CreateCommand();
                ready.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'interactions'";
                return (long)(await ready.ExecuteScalarAsync())! == 1;
            }, TestTimeout.Long);
            using (var exclusive = locker.CreateCommand())
            {
                exclusive.CommandText = "BEGIN EXCLUSIVE";
                await exclusive.ExecuteNonQueryAsync();
            }

            using var failures = new WriteBackFailures(host.Services);
            Assert.NotNull((await ada.CompleteAsync(receipt.ContactId, "callback")).Completed);

            // The worker tried while the CRM was locked, and failed: the interaction is still to be written.
            await Eventually.TrueAsync(() => Task.FromResult(failures.Count >= 1), TestTimeout.Short, "the write-back was tried while the CRM was locked");
            Assert.Equal(1, await engine.CountWriteBackAsync(host.Tenant));
            Assert.Equal(0L, await CountAsync(locker, receipt.ContactId));
            using var release = locker.CreateCommand();
            release.CommandText = "ROLLBACK";
            await release.ExecuteNonQueryAsync();
        }

        await Eventually.TrueAsync(async () => await engine.CountWriteBackAsync(host.Tenant) == 0, TestTimeout.Long);
        await using var crm = new SqliteConnection($"Data Source={database}");
        await crm.OpenAsync();
        Assert.Equal(1L, await CountAsync(crm, receipt.ContactId));
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string contactId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM interactions WHERE contact_id = $id";
        command.Parameters.AddWithValue("$id", contactId);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
