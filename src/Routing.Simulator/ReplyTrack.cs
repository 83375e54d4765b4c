namespace Routing.Simulator;

/// <summary>One outbound reply as the simulation saw it (fields guarded by locking the instance).</summary>
public sealed class ReplyTrack(string deliveryId)
{
    public string DeliveryId { get; } = deliveryId;

    public string? ContactId { get; set; }

    /// <summary>The channel the customer wrote on.</summary>
    public string? ContactChannel { get; set; }

    /// <summary>The channel ReplyQueued named; null when the desk never heard (it dropped meanwhile).</summary>
    public string? QueuedChannel { get; set; }

    public string? AgentId { get; set; }

    /// <summary>The channel of the gateway stream that was handed it first.</summary>
    public string? DeliveredChannel { get; set; }

    public int Handovers { get; set; }

    /// <summary>"delivered" or "failed", from the acknowledgement the router applied.</summary>
    public string? Outcome { get; set; }

    /// <summary>Acknowledgements the router answered with applied = false (a redelivery acknowledged again).</summary>
    public int RepeatedAcks { get; set; }

    public int DeskReports { get; set; }

    public string? DeskOutcome { get; set; }

    /// <summary>The agent's desk dropped before the report came: it may have gone to no desk.</summary>
    public bool DeskDropped { get; set; }
}
