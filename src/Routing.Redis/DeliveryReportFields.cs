namespace Routing.Redis;

/// <summary>What a desk hears of its reply's delivery (<see cref="RoutingEventKind.DeliveryReport"/>).</summary>
public sealed record DeliveryReportFields(string DeliveryId, string Channel, string Outcome, string Reason, int Attempt);
