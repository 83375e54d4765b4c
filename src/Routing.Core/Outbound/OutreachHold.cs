namespace Routing.Core.Outbound;

/// <summary>Why an outreach message does not go at once.</summary>
public enum OutreachHold
{
    None = 0,

    /// <summary>Inside the customer's quiet hours: deferred to their end, never dropped.</summary>
    QuietHours = 1,

    /// <summary>One more would exceed a communication limit (<see cref="CommunicationLimit"/>).</summary>
    CommunicationLimit = 2,
}
