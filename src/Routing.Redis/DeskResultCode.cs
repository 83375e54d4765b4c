namespace Routing.Redis;

/// <summary>What a desk command's script answered: <see cref="Ok"/> or why it changed nothing.</summary>
public enum DeskResultCode
{
    Ok,

    /// <summary>The calling session is no longer the agent's live one (replaced, or its node declared dead).</summary>
    StaleSession,

    OfferNotFound,

    /// <summary>The offer expired, was declined, revoked or already answered.</summary>
    OfferNoLongerValid,

    NotYourOffer,

    /// <summary>The offer's time ran out as the agent answered; the contact went back in line.</summary>
    OfferExpired,

    ContactNotFound,

    ContactAlreadyCompleted,

    ContactNotAssignedToYou,

    TransferToSelf,

    /// <summary>The transfer's target agent is not logged in.</summary>
    AgentUnavailable,
}
