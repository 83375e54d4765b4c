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
    public void Send_AfterTheSessionEnded_IsRefused()
    {
        _session.Send(new ConnectResponse { Welcome = new Welcome() });
        _session.End("test");

        Assert.False(_session.Send(new ConnectResponse { Offer = new Offer() }));
        Assert.Equal("test", _session.EndReason);
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
