namespace Routing.Redis;

/// <summary>The scripts' result words ("stale_session") for <see cref="DeskResultCode"/>; the desk's error codes are the same words.</summary>
public static class DeskResultCodes
{
    public static string ToCode(this DeskResultCode code) => code switch
    {
        DeskResultCode.Ok => "ok",
        DeskResultCode.StaleSession => "stale_session",
        DeskResultCode.OfferNotFound => "offer_not_found",
        DeskResultCode.OfferNoLongerValid => "offer_no_longer_valid",
        DeskResultCode.NotYourOffer => "not_your_offer",
        DeskResultCode.OfferExpired => "offer_expired",
        DeskResultCode.ContactNotFound => "contact_not_found",
        DeskResultCode.ContactAlreadyCompleted => "contact_already_completed",
        DeskResultCode.ContactNotAssignedToYou => "contact_not_assigned_to_you",
        DeskResultCode.TransferToSelf => "transfer_to_self",
        DeskResultCode.AgentUnavailable => "agent_unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, null),
    };

    internal static DeskResultCode Parse(string code) => code switch
    {
        "ok" => DeskResultCode.Ok,
        "stale_session" => DeskResultCode.StaleSession,
        "offer_not_found" => DeskResultCode.OfferNotFound,
        "offer_no_longer_valid" => DeskResultCode.OfferNoLongerValid,
        "not_your_offer" => DeskResultCode.NotYourOffer,
        "offer_expired" => DeskResultCode.OfferExpired,
        "contact_not_found" => DeskResultCode.ContactNotFound,
        "contact_already_completed" => DeskResultCode.ContactAlreadyCompleted,
        "contact_not_assigned_to_you" => DeskResultCode.ContactNotAssignedToYou,
        "transfer_to_self" => DeskResultCode.TransferToSelf,
        "agent_unavailable" => DeskResultCode.AgentUnavailable,
        _ => throw new InvalidOperationException($"Unknown desk script result '{code}'."),
    };
}
