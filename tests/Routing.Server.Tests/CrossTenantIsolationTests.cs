using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>
/// Two tenants on one node and one Redis, with the same agent ids, queues and demo customers.
/// Every RPC a caller of tenant A can make (ContactIngest Submit/SubmitStream/Cancel, every desk
/// command, Diagnostics, Privacy) is aimed at tenant B's contacts, offers, agents, queues and
/// customers: none reaches them, none tells A that they exist, and B's work goes on untouched.
/// </summary>
public sealed class CrossTenantIsolationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task EveryRpc_ACallerOfTenantA_CanNeitherReachNorLearnOfTenantBsContactsAgentsQueuesOrCustomers()
    {
        var (a, b) = (TestTenant.New(), TestTenant.New());
        await using var host = await MultiTenantTests.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(), "node-1", a, b);
        using var callerA = TenantCaller.ChannelFor(host.Address, a);
        using var callerB = TenantCaller.ChannelFor(host.Address, b);
        var db = redis.Connection.GetDatabase();
        var keysB = new RoutingKeys(b);

        // Tenant B: bob holds Alice's chat, carol (the only agent for "vip") is away, and a second contact waits.
        await using var bobB = await DeskClient.ConnectAsync(callerB, "bob");
        await using var carolB = await DeskClient.ConnectAsync(callerB, "carol", status: AgentStatus.Away, skills: [("vip", 5, true)]);
        var aliceB = new InboundContact { Channel = "chat", ExternalId = "alice-chat-1", From = "alice.m", Text = "Where is my refund?" };
        var assignedB = await MultiTenantTests.SubmitAsync(callerB, aliceB);
        var offerB = await bobB.NextOfferAsync();
        Assert.Equal(ContactState.Assigned, (await bobB.AcceptAsync(offerB.OfferId)).Assigned.Assignment.Contact.State);
        await bobB.StatusAsync(AgentStatus.Away, "lunch");
        var waitingContactB = DeskTestKit.NewCustomer("email");
        var waitingB = await MultiTenantTests.SubmitAsync(callerB, waitingContactB);
        var snapshotB = await SnapshotAsync(keysB, assignedB.ContactId, waitingB.ContactId);

        // Submit and SubmitStream: B's channel and external ids are A's own new contacts, never B's receipts.
        var submittedA = await MultiTenantTests.SubmitAsync(callerA, aliceB);
        Assert.False(submittedA.Duplicate);
        Assert.NotEqual(assignedB.ContactId, submittedA.ContactId);
        string streamedA;
        using (var stream = new ContactIngest.ContactIngestClient(callerA).SubmitStream())
        {
            await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = waitingContactB }).WaitAsync(TestTimeout.Short);
            await stream.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
            Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
            var receipt = stream.ResponseStream.Current.Receipt;
            Assert.False(receipt.Duplicate);
            Assert.NotEqual(waitingB.ContactId, receipt.ContactId);
            streamedA = receipt.ContactId;
        }

        // Cancel, as A's gateway and as A's supervisor: B's contacts are unknown, exactly as ids that never existed.
        var ingestA = new ContactIngest.ContactIngestClient(callerA);
        var supervisorA = callerA.Credentials.SupervisorHeaders();
        foreach (var request in new[] { new CancelRequest { ContactId = waitingB.ContactId }, new CancelRequest { ContactId = assignedB.ContactId }, new CancelRequest { ContactId = "ct-never-existed" } })
        {
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => ingestA.CancelAsync(request).ResponseAsync.WaitAsync(TestTimeout.Short))).StatusCode);
            Assert.Equal(StatusCode.NotFound, (await Assert.ThrowsAsync<RpcException>(() => ingestA.CancelAsync(request, supervisorA).ResponseAsync.WaitAsync(TestTimeout.Short))).StatusCode);
        }

        // AgentDesk: A's bob is A's bob. He resumes nothing of B's bob, is offered only A's contacts,
        // and B's offer ids, contact ids and agents are unknown to him.
        // (A supervisor's desk, so it may transfer to any queue name, e.g. "vip", which B's carol serves.)
        await using var bobA = await DeskClient.ConnectAsync(callerA.Channel, TestCredentials.Bearer(callerA.Credentials.Token("bob", "agent", "supervisor")), "bob", skills: [("general", 3, true)]);
        Assert.Empty(bobA.Welcome.Resumed);
        var offerA = await bobA.NextOfferAsync();
        Assert.Contains(offerA.Contact.ContactId, new[] { submittedA.ContactId, streamedA });
        var heldA = offerA.Contact.ContactId;
        Assert.Equal("offer_not_found", (await bobA.AcceptAsync(offerB.OfferId)).Error.Code);
        Assert.Equal("offer_not_found", (await bobA.DeclineAsync(offerB.OfferId)).Error.Code);
        Assert.Equal("contact_not_found", (await bobA.CompleteAsync(assignedB.ContactId)).Error.Code);
        Assert.Equal("contact_not_found", (await bobA.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = assignedB.ContactId, AgentId = "bob" } })).Error.Code);
        Assert.Equal(ContactState.Assigned, (await bobA.AcceptAsync(offerA.OfferId)).Assigned.Assignment.Contact.State);
        Assert.Equal("agent_unavailable", (await bobA.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = heldA, AgentId = "carol" } })).Error.Code);
        var moved = await bobA.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = heldA, Queue = "vip" } });
        Assert.True(moved.Transferred is not null, moved.ToString());
        await carolB.StatusAsync(AgentStatus.Available);
        Assert.True(await carolB.NoOfferWithinAsync(TimeSpan.FromMilliseconds(500)), "A's contact transferred to A's vip queue reached B's vip agent");

        // Diagnostics answers A without a word about B.
        var echo = await new Diagnostics.DiagnosticsClient(callerA).EchoAsync(new EchoRequest { Contact = aliceB }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal(aliceB.ExternalId, echo.Receipt.ContactId);
        Assert.Equal(snapshotB, await SnapshotAsync(keysB, assignedB.ContactId, waitingB.ContactId));

        // Privacy: A's admin exports and erases A's Alice; B's Alice, her contacts and B's audit trail are not A's to see or touch.
        var privacyA = new Privacy.PrivacyClient(callerA);
        var export = await privacyA.ExportCustomerAsync(new ExportCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.DoesNotContain(assignedB.ContactId, export.Json, StringComparison.Ordinal);
        Assert.DoesNotContain(b, export.Json, StringComparison.Ordinal);
        var erased = await privacyA.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { CustomerId = "cus-1001" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.DoesNotContain(assignedB.ContactId, erased.CancelledContactIds);
        var sameAddressInA = await privacyA.EraseCustomerAsync(new EraseCustomerRequest { Customer = new CustomerSelector { Address = waitingContactB.From, Channel = "email" } }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal([streamedA], sameAddressInA.CancelledContactIds);
        var auditA = await privacyA.ListAuditAsync(new ListAuditRequest { PageSize = 1000 }).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.All(auditA.Entries, e => Assert.Equal(a, e.Tenant));
        Assert.DoesNotContain(auditA.Entries, e => e.Target == assignedB.ContactId || e.Target == waitingB.ContactId);

        // B is untouched: the same contacts in the same states, and B's bob still completes Alice's chat.
        Assert.Equal(snapshotB, await SnapshotAsync(keysB, assignedB.ContactId, waitingB.ContactId));
        Assert.NotNull((await bobB.CompleteAsync(assignedB.ContactId)).Completed);
        Assert.Equal(ContactStates.Queued, (string?)await db.HashGetAsync(keysB.Contact(waitingB.ContactId), "state"));
    }

    /// <summary>Each contact's state, queue and assigned agent as Redis holds them.</summary>
    private async Task<Dictionary<string, string>> SnapshotAsync(RoutingKeys keys, params string[] contactIds)
    {
        var db = redis.Connection.GetDatabase();
        var snapshot = new Dictionary<string, string>();
        foreach (var id in contactIds)
        {
            var fields = await db.HashGetAsync(keys.Contact(id), ["state", "queue", "agent", "conv"]);
            snapshot[id] = string.Join("|", fields.Select(f => (string?)f ?? ""));
        }

        return snapshot;
    }
}
