namespace Routing.Core.Outbound;

/// <summary>Why <see cref="ChannelPolicy"/> chose a channel.</summary>
public enum ChannelChoiceReason
{
    /// <summary>The customer wrote on the channel and its reply window is still open.</summary>
    ReplyWindowOpen = 1,

    /// <summary>The customer's preferred channel, to which they consented.</summary>
    Preferred = 2,

    /// <summary>The first consented channel in the customer's own order.</summary>
    ConsentOrder = 3,
}
