namespace Routing.Core.Outbound;

/// <summary>Why <see cref="ChannelPolicy"/> did not use a channel.</summary>
public enum ChannelRefusalReason
{
    /// <summary>The customer opted out of the channel: never used, whatever else holds.</summary>
    OptedOut = 1,

    /// <summary>No recorded consent, and no open reply window on the channel.</summary>
    NoConsent = 2,

    /// <summary>The customer wrote on the channel but its reply window has closed (and no consent lets it be used anyway).</summary>
    ReplyWindowClosed = 3,

    /// <summary>Permitted, but no address of the customer is known on the channel.</summary>
    NoAddress = 4,
}
