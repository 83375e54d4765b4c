using Routing.Protos.V1;
using Routing.Redis;
using Routing.Server.Grpc;

namespace Routing.Server.Desk;

/// <summary>
/// What a desk command's handler decided: the reply for the desk (a confirmation or a
/// <see cref="DeskError"/>), the events the command set off, and whether the session must end.
/// </summary>
public sealed record DeskAnswer(ConnectResponse Reply, IReadOnlyList<RoutingEvent> Events, bool EndsSession = false)
{
    /// <summary>More messages for the desk right after the reply (the Assigned of each bundled contact an accept assigned too).</summary>
    public IReadOnlyList<ConnectResponse> FollowUps { get; init; } = [];

    public static DeskAnswer Failed(RoutingFailure failure) => new(new ConnectResponse { Error = RoutingStatus.ToDeskError(failure) }, []);

    /// <summary>The engine refused the command; <paramref name="subject"/> is the offer, contact or agent it was about.</summary>
    public static DeskAnswer Refused(DeskResult result, string subject) => new(
        new ConnectResponse { Error = RoutingStatus.ToDeskError(RoutingStatus.Describe(result.Code, subject)) },
        result.Events,
        EndsSession: result.Code == DeskResultCode.StaleSession);
}
