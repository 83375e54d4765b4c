using Routing.Protos.V1;
using Routing.Server.Desk;

namespace Routing.Server.UnitTests;

public sealed class AgentSessionTests
{
    private readonly AgentSession _session = new("t1", "ada", "ses-1", TimeProvider.System);

    [Fact]
    public void Send_OfferPushedBeforeTheWelcome_ReachesTheDeskAfterIt()
    {
        Assert.True(_session.Send(new ConnectResponse { Offer = new Offer { OfferId = "of-1" } }));
        Assert.False(_session.Outbox.TryPeek(out _));

        _session.Send(new ConnectResponse { Welcome = new Welcome { SessionId = "ses-1" } });
        _session.Send(new ConnectResponse { HeartbeatAck = new HeartbeatAck() });

        Assert.Equal(
            [ConnectResponse.KindOneofCase.Welcome, ConnectResponse.KindOneofCase.Offer, ConnectResponse.KindOneofCase.HeartbeatAck],
            Drain().Select(m => m.KindCase));
    }

    [Fact]
    public void SendOffer_SendsEachOfferOnce_AndNoneClosedBeforeItWasSent()
    {
        _session.Send(new ConnectResponse { Welcome = new Welcome() });
        Drain();

        Assert.True(_session.SendOffer(new Offer { OfferId = "of-1" }));
        Assert.False(_session.SendOffer(new Offer { OfferId = "of-1" }));
        Assert.Null(_session.Forget("of-2"));
        Assert.False(_session.SendOffer(new Offer { OfferId = "of-2" }));

        Assert.Equal(["of-1"], Drain().Select(m => m.Offer.OfferId));
        Assert.True(_session.Knows("of-2"));
        Assert.NotNull(_session.Forget("of-1"));
    }

    [Fact]
    public void Knows_NothingBeforeAnyOffer_ThenTheLast256AnsweredOffers()
    {
        Assert.False(_session.Knows("of-0"));

        for (var i = 0; i <= 256; i++)
        {
            Assert.Null(_session.Forget($"of-{i}"));
        }

        Assert.False(_session.Knows("of-0"));
        Assert.True(_session.Knows("of-1"));
        Assert.True(_session.Knows("of-256"));
        Assert.False(_session.SendOffer(new Offer { OfferId = "of-256" }));
        Assert.True(_session.SendOffer(new Offer { OfferId = "of-0" }));
    }

    [Fact]
    public void Send_AfterTheSessionEnded_IsRefused()
    {
        _session.Send(new ConnectResponse { Welcome = new Welcome() });
        _session.End("test");

        Assert.False(_session.Send(new ConnectResponse { Offer = new Offer() }));
        Assert.Equal("test", _session.EndReason);
    }

    [Fact]
    public void Send_OutboxFull_EndsTheSessionAsOverflowed_AndAbandonsWhatIsQueued()
    {
        var session = new AgentSession("t1", "ada", "ses-2", TimeProvider.System, outboxCapacity: 2);
        Assert.True(session.Send(new ConnectResponse { Welcome = new Welcome() }));
        Assert.True(session.Send(new ConnectResponse { Offer = new Offer { OfferId = "of-1" } }));

        Assert.False(session.Send(new ConnectResponse { Offer = new Offer { OfferId = "of-2" } }));

        Assert.True(session.Overflowed);
        Assert.True(session.Ending.IsCancellationRequested);
        Assert.True(session.Abandoned.IsCancellationRequested);
        Assert.StartsWith("desk too slow", session.EndReason, StringComparison.Ordinal);
    }

    [Fact]
    public void Send_AfterAnOrdinaryEnd_IsNotAnOverflow()
    {
        var session = new AgentSession("t1", "ada", "ses-3", TimeProvider.System, outboxCapacity: 1);
        session.Send(new ConnectResponse { Welcome = new Welcome() });
        session.End("replaced");

        Assert.False(session.Send(new ConnectResponse { Offer = new Offer() }));
        Assert.False(session.Overflowed);
        Assert.False(session.Abandoned.IsCancellationRequested);
    }

    private List<ConnectResponse> Drain()
    {
        var sent = new List<ConnectResponse>();
        while (_session.Outbox.TryRead(out var message))
        {
            sent.Add(message);
        }

        return sent;
    }
}
