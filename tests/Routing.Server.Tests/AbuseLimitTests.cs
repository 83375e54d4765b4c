using Grpc.Core;
using Grpc.Health.V1;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>Abuse limits end to end: per-caller rate limits, admission control per queue and desk streams per tenant.</summary>
public sealed class AbuseLimitTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Submit_QueueHoldingItsLimit_IsResourceExhaustedQueueFull_AndWritesNothing()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Limits:MaxWaitingContacts"] = "100",
            ["Limits:MaxWaitingContactsByQueue:general"] = "2",
        });
        var client = new ContactIngest.ContactIngestClient(host.Channel);
        await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var second = await host.SubmitAsync(DeskTestKit.NewCustomer("chat"));
        var refused = DeskTestKit.NewCustomer("chat");

        var error = await Assert.ThrowsAsync<RpcException>(() => client.SubmitAsync(new SubmitRequest { Contact = refused }).ResponseAsync.WaitAsync(TestTimeout.Short));

        Assert.Equal("general", second.Queue);
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("queue_full", error.Trailers.GetValue("routing-error"));
        Assert.DoesNotContain(refused.From, error.Status.Detail, StringComparison.Ordinal);
        var db = redis.Connection.GetDatabase();
        Assert.Equal(2, await db.SortedSetLengthAsync(host.Keys.Queue("general")).WaitAsync(TestTimeout.Short));
        Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId("chat", refused.ExternalId)).WaitAsync(TestTimeout.Short));

        // SubmitStream: the item gets the error, the stream goes on.
        using var stream = client.SubmitStream();
        await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = refused }).WaitAsync(TestTimeout.Short);
        await stream.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
        Assert.True(await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
        var item = stream.ResponseStream.Current;
        Assert.Equal(refused.ExternalId, item.ExternalId);
        Assert.Equal((int)StatusCode.ResourceExhausted, item.Error.StatusCode);
        Assert.Equal("queue_full", item.Error.ErrorCode);
        Assert.False(await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
        Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId("chat", refused.ExternalId)).WaitAsync(TestTimeout.Short));
    }

    [Fact]
    public async Task Submit_BurstOverTheCallersRateLimit_IsResourceExhaustedRateLimitedWithRetryAfter_OtherCallerUnaffected()
    {
        var tenant = TestTenant.New();
        var settings = TestCredentials.GatewayKeySettings(1, "second-gateway", tenant, "rk_second-gateway", "*");
        settings["Security:RateLimits:PermitsPerSecond"] = "1";
        settings["Security:RateLimits:Burst"] = "3";
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, settings, tenant);
        var client = new ContactIngest.ContactIngestClient(host.Channel);

        // Health is never limited: it opens the connection, so the burst arrives at once.
        var health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        var burst = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            try
            {
                await client.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("chat") }).ResponseAsync.WaitAsync(TestTimeout.Short);
                return null;
            }
            catch (RpcException ex)
            {
                return ex;
            }
        }));

        var refusals = burst.OfType<RpcException>().ToList();
        Assert.InRange(burst.Length - refusals.Count, 3, 5); // the bucket, and a refill a second while the burst lasts
        Assert.All(refusals, ex =>
        {
            Assert.Equal(StatusCode.ResourceExhausted, ex.StatusCode);
            Assert.Equal("rate_limited", ex.Trailers.GetValue("routing-error"));
            Assert.Equal("1", ex.Trailers.GetValue("retry-after"));
        });

        // Health is still answered; another caller has its own bucket.
        health = await new Health.HealthClient(host.Channel).CheckAsync(new HealthCheckRequest()).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        // Buckets are per credential, not per address: the tenant's second gateway key, from the same address, is not limited.
        var receipt = await client.SubmitAsync(new SubmitRequest { Contact = DeskTestKit.NewCustomer("chat") }, TestCredentials.ApiKey("rk_second-gateway")).ResponseAsync.WaitAsync(TestTimeout.Short);
        Assert.NotEmpty(receipt.Receipt.ContactId);
    }

    [Fact]
    public async Task SubmitStream_ContactsOverTheCallersRateLimit_EachGetRateLimited_TheStreamGoesOn()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, new Dictionary<string, string?>
        {
            ["Security:RateLimits:PermitsPerSecond"] = "1",
            ["Security:RateLimits:Burst"] = "5",
        });
        using var stream = new ContactIngest.ContactIngestClient(host.Channel).SubmitStream();
        var contacts = Enumerable.Range(0, 10).Select(_ => DeskTestKit.NewCustomer("chat")).ToList();
        foreach (var contact in contacts)
        {
            await stream.RequestStream.WriteAsync(new SubmitStreamRequest { Contact = contact }).WaitAsync(TestTimeout.Short);
        }

        await stream.RequestStream.CompleteAsync().WaitAsync(TestTimeout.Short);
        var answers = new List<SubmitStreamResponse>();
        while (await stream.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short))
        {
            answers.Add(stream.ResponseStream.Current);
        }

        // The call drew one permit and each contact one more.
        Assert.Equal(contacts.Select(c => c.ExternalId).Order(), answers.Select(a => a.ExternalId).Order());
        var refused = answers.Where(a => a.Error is not null).ToList();
        Assert.InRange(answers.Count - refused.Count, 4, 6);
        Assert.All(refused, a =>
        {
            Assert.Equal((int)StatusCode.ResourceExhausted, a.Error.StatusCode);
            Assert.Equal("rate_limited", a.Error.ErrorCode);
        });
        var db = redis.Connection.GetDatabase();
        foreach (var a in refused)
        {
            Assert.False(await db.KeyExistsAsync(host.Keys.ExternalId("chat", a.ExternalId)).WaitAsync(TestTimeout.Short));
        }
    }

    [Fact]
    public async Task Connect_OneDeskMoreThanTheTenantMayHold_IsResourceExhausted_WritesNothing_AndLeavesTheOthersAlone()
    {
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(("Limits:MaxDeskStreamsPerTenant", "2")));
        await using var ada = await DeskClient.ConnectAsync(host, "ada");
        await using var bob = await DeskClient.ConnectAsync(host, "bob");

        using var call = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("carl"), deadline: DateTime.UtcNow.Add(TestTimeout.Short));
        await call.RequestStream.WriteAsync(new ConnectRequest { Hello = new Hello { AgentId = "carl" } }).WaitAsync(TestTimeout.Short);
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("desk_streams_exhausted", error.Trailers.GetValue("routing-error"));
        Assert.False(await redis.Connection.GetDatabase().KeyExistsAsync(host.Keys.Agent("carl")).WaitAsync(TestTimeout.Short));
        Assert.NotNull((await ada.RequestAsync(new ConnectRequest { Heartbeat = new Heartbeat() })).HeartbeatAck);
        Assert.NotNull((await bob.RequestAsync(new ConnectRequest { Heartbeat = new Heartbeat() })).HeartbeatAck);
        Assert.Null(ada.EndStatus);

        // An agent already holding a stream may connect again (its new session replaces the old one).
        await using var adaAgain = await DeskClient.ConnectAsync(host, "ada");
        await ada.WaitEndedAsync();
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());
        Assert.Equal(adaAgain.Welcome.SessionId, (await engine.GetAgentAsync(host.Tenant, "ada").WaitAsync(TestTimeout.Short))!.Session);
    }
}
