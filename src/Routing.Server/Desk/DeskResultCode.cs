namespace Routing.Server.Desk;

/// <summary>What the engine answered to a desk command: done, or why it changed nothing.</summary>
public enum DeskResultCode
{
    Ok,
    OfferNotFound,
    OfferNoLongerValid,
    NotYourOffer,
    OfferExpired,
    ContactNotFound,
    ContactAlreadyCompleted,
    ContactNotAssignedToYou,
    TransferToSelf,
    AgentUnavailable,

    /// <summary>The session is no longer the agent's live one (replaced, or its node declared dead): it must end.</summary>
    StaleSession,
}
