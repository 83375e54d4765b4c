namespace Routing.Redis.Outbound;

/// <summary>What a gateway reports for a delivery (the words outbound_ack.lua stores as its state).</summary>
public enum DeliveryAckOutcome
{
    Delivered,
    Failed,
    Accepted,
}
