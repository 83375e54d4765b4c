using Grpc.Core;
using Routing.Protos.V1;
using Routing.Redis;
using Routing.Testing;

namespace Routing.Server.Tests;

/// <summary>A desk that stops reading its stream while offers keep coming: its bounded outbox fills and the router lets go of it.</summary>
public sealed class SlowDeskTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Desk_ThatStopsReading_IsEndedDeskTooSlow_AndItsOffersGoBackInLineAtOnce()
    {
        // Offers expire and assignments wait only after minutes here: only the outbox limit can free the offers within the test.
        await using var host = await RoutingServerHost.StartAsync(redis.ConnectionString, DeskTestKit.FastEngine(
            ("Limits:DeskOutboxCapacity", "4"),
            ("Limits:SlowDeskWriteTimeout", "00:00:30"),
            ("Engine:OfferTimeout", "00:05:00"),
            ("Engine:ReconnectGrace", "00:05:00"),
            ("Engine:HeartbeatInterval", "00:01:00")));
        var engine = new RoutingEngineStore(redis.Connection, new EngineSettings());
        using var slow = new AgentDesk.AgentDeskClient(host.Channel).Connect(host.Credentials.AgentHeaders("slow"));
        var hello = new Hello { AgentId = "slow", TotalCapacity = 200 };
        hello.Skills.Add(new SkillProficiency { Queue = "general", Proficiency = 3, Primary = true });
        hello.Capacity.Add(new ChannelCapacity { Channel = "email", MaxConcurrent = 100 });
        await slow.RequestStream.WriteAsync(new ConnectRequest { Hello = hello }).WaitAsync(TestTimeout.Short);
        Assert.True(await slow.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short));
        Assert.NotNull(slow.ResponseStream.Current.Welcome);

        // From here on the desk reads nothing. Large offers fill the HTTP/2 windows, then the outbox.
        var text = new string('x', 32 * 1024);
        var submitted = new List<string>();
        while (submitted.Count < 100 && (await engine.GetAgentAsync(host.Tenant, "slow").WaitAsync(TestTimeout.Short))!.Connected)
        {
            submitted.Add((await host.SubmitAsync(DeskTestKit.NewCustomer("email", text))).ContactId);
            await Task.Delay(20);
        }

        Assert.InRange(submitted.Count, 2, 99);
        var db = redis.Connection.GetDatabase();
        await Eventually.TrueAsync(
            async () => await db.SortedSetLengthAsync(host.Keys.Queue("general")) == submitted.Count,
            because: "every contact offered to the slow desk is back in line");
        foreach (var id in submitted)
        {
            Assert.Equal(ContactStates.Queued, (string?)await db.HashGetAsync(host.Keys.Contact(id), "state"));
        }

        // The desk, reading again, finds what was written before the end, then the status.
        var error = await Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await slow.ResponseStream.MoveNext(CancellationToken.None).WaitAsync(TestTimeout.Short))
            {
            }
        });
        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Equal("desk_too_slow", error.Trailers.GetValue("routing-error"));

        // Another desk gets the contacts.
        await using var bob = await DeskClient.ConnectAsync(host, "bob");
        Assert.Contains((await bob.NextOfferAsync()).Contact.ContactId, submitted);
    }
}
