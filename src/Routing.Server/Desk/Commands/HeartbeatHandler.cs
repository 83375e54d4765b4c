using Routing.Protos.V1;
using Routing.Server.Grpc;

namespace Routing.Server.Desk.Commands;

/// <summary>Heartbeat: acknowledged with the server's time. Any message keeps the session alive; this one needs no store.</summary>
public sealed class HeartbeatHandler(TimeProvider time)
{
    public DeskAnswer Handle(Heartbeat command) =>
        new(new ConnectResponse { HeartbeatAck = new HeartbeatAck { ReceivedAt = ProtoMapper.ToTimestamp(time.GetUtcNow()) } }, []);
}
