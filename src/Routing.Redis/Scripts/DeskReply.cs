namespace Routing.Redis;

/// <summary>What every desk command's script answers: its result code and the events to deliver.</summary>
public abstract record DeskReply(DeskResultCode Code, IReadOnlyList<RoutingEvent> Events)
{
    public bool Ok => Code == DeskResultCode.Ok;
}
