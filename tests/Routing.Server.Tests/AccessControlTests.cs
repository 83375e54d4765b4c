using Grpc.Core;
using Routing.Protos.V1;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>What a valid credential may do: an agent is only the agent its token names, a gateway submits and cancels only on its channels, an agent transfers only to the rules' queues.</summary>
public sealed class AccessControlTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Connect_AdasTokenWithHelloForBob_IsPermissionDenied_AndBobKeepsHisSessionAndAssignment()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        var receipt = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await bob.TakeNextAsync();
        var bobAgent = await redis.Connection.GetDatabase().HashGetAllAsync(host.Keys.Agent("bob"));

        using var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("ada"), DateTime.UtcNow.Add(TestTimeout.Short));
        await call.RequestStream.WriteAsync(new ConnectRequest { Hello = new Hello { AgentId = "bob", Skills = { new SkillProficiency { Queue = "general", Proficiency = 5 } } } });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal((StatusCode.PermissionDenied, "agent_mismatch"), (error.StatusCode, error.Trailers.GetValue("routing-error")));
        Assert.Equal(bobAgent.OrderBy(e => e.Name.ToString()), (await redis.Connection.GetDatabase().HashGetAllAsync(host.Keys.Agent("bob"))).OrderBy(e => e.Name.ToString()));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.Agent("ada")));
        Assert.Null(bob.EndStatus);
        Assert.NotNull((await bob.CompleteAsync(receipt.ContactId)).Completed);
    }

    [Fact]
    public async Task Submit_GatewayScopedToChat_OnVoice_IsPermissionDenied_AndWritesNothing()
    {
        const string chatKey = "rk_chat-only-gateway";
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TestCredentials.GatewayKeySettings(1, "chat-gw", tenant, chatKey, "chat"), tenant);
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var headers = TestCredentials.ApiKey(chatKey);
        var before = await RedisProbe.KeysAsync(redis.Connection, host.Tenant);

        var error = await Assert.ThrowsAsync<RpcException>(() => ingest.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("voice") }, headers).ResponseAsync);

        Assert.Equal((StatusCode.PermissionDenied, "channel_not_allowed", "contact.channel"),
            (error.StatusCode, error.Trailers.GetValue("routing-error"), error.Trailers.GetValue("routing-field")));
        Assert.Equal(before.Order(), (await RedisProbe.KeysAsync(redis.Connection, host.Tenant)).Order());
        Assert.Equal(ContactState.Queued, (await ingest.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("chat") }, headers)).Receipt.State);
    }

    [Fact]
    public async Task SubmitStream_GatewayScopedToChat_RefusesTheVoiceItemOnly()
    {
        const string chatKey = "rk_chat-only-stream";
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TestCredentials.GatewayKeySettings(1, "chat-gw", tenant, chatKey, "chat"), tenant);
        var voice = DeskTestKit.NewCustomer("voice");
        var chat = DeskTestKit.NewCustomer("chat");
        using var call = new ContactIngest.ContactIngestClient(host.Channel).SubmitStream(TestCredentials.ApiKey(chatKey), DateTime.UtcNow.Add(TestTimeout.Short));
        await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = voice });
        await call.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = chat });
        await call.RequestStream.CompleteAsync();
        var answers = new Dictionary<string, SubmitStreamResponse>();
        while (await call.ResponseStream.MoveNext())
        {
            answers[call.ResponseStream.Current.ExternalId] = call.ResponseStream.Current;
        }

        Assert.Equal(((int)StatusCode.PermissionDenied, "channel_not_allowed"), (answers[voice.ExternalId].Error.StatusCode, answers[voice.ExternalId].Error.ErrorCode));
        Assert.NotNull(answers[chat.ExternalId].Receipt);
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.ExternalId("voice", voice.ExternalId)));
    }

    [Fact]
    public async Task Cancel_GatewayCancelsOnlyContactsOfItsChannels_ASupervisorAny()
    {
        const string chatKey = "rk_chat-only-cancel";
        var tenant = TestTenant.New();
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, TestCredentials.GatewayKeySettings(1, "chat-gw", tenant, chatKey, "chat"), tenant);
        var ingest = new ContactIngest.ContactIngestClient(host.Channel);
        var voice = await host.SubmitAsync(DeskTestKit.NewCustomer("voice"));
        var chat = DeskTestKit.NewCustomer("chat");
        await host.SubmitAsync(chat);

        var byId = await Assert.ThrowsAsync<RpcException>(() => ingest.CancelAsync(new CancelRequest { ContactId = voice.ContactId }, TestCredentials.ApiKey(chatKey)).ResponseAsync);
        var external = new ExternalReference { Channel = "chat", ExternalId = chat.ExternalId };

        Assert.Equal((StatusCode.PermissionDenied, "channel_not_allowed"), (byId.StatusCode, byId.Trailers.GetValue("routing-error")));
        Assert.Equal(ContactState.Cancelled, (await ingest.CancelAsync(new CancelRequest { External = external }, TestCredentials.ApiKey(chatKey))).State);
        Assert.Equal(ContactState.Queued, (await ingest.CancelAsync(new CancelRequest { ContactId = voice.ContactId }, host.Credentials.SupervisorHeaders())).PreviousState);
    }

    [Fact]
    public async Task Transfer_AgentToAQueueNoRuleKnows_IsPermissionDenied_ASupervisorDeskMayTransferAnywhere()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine());
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        var first = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        await ada.TakeNextAsync();

        var refused = await ada.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = first.ContactId, Queue = "secret-vip" } });
        var allowed = await ada.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = first.ContactId, Queue = "general" } });

        Assert.Equal(((int)StatusCode.PermissionDenied, "queue_not_allowed"), (refused.Error.StatusCode, refused.Error.Code));
        Assert.NotNull(allowed.Transferred);

        await using var sue = await DeskClient.ConnectAsync(host.Channel, TestCredentials.Bearer(host.Credentials.Token("sue", "agent", "supervisor")), "sue");
        var second = await sue.TakeNextAsync();
        var moved = await sue.RequestAsync(new ConnectRequest { Transfer = new TransferContact { ContactId = second.Contact.ContactId, Queue = "secret-vip" } });
        Assert.NotNull(moved.Transferred);
    }
}
