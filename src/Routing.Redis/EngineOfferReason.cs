namespace Routing.Redis;

/// <summary>Why a contact was offered to an agent.</summary>
public enum EngineOfferReason
{
    /// <summary>The queue's selection strategy chose the agent.</summary>
    Strategy,

    /// <summary>The customer's conversation is open with the agent.</summary>
    Affinity,

    /// <summary>The CRM names the agent as the customer's preferred agent.</summary>
    Preferred,

    /// <summary>The CRM names the agent as the customer's last agent.</summary>
    Last,

    Transfer,

    /// <summary>The agent's capacity freed up and it pulled the best waiting contact.</summary>
    Pull,
}
