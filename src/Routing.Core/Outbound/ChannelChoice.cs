namespace Routing.Core.Outbound;

/// <summary>
/// The outcome of <see cref="ChannelPolicy.Choose"/>: the channel and address to use and why, or
/// (when <see cref="Permitted"/> is false) no channel, with a reason for every channel considered.
/// </summary>
public sealed record ChannelChoice
{
    public bool Permitted => Channel is not null;

    /// <summary>Null when no channel is permitted.</summary>
    public string? Channel { get; init; }

    public string? Address { get; init; }

    public ChannelChoiceReason? Reason { get; init; }

    /// <summary>Every channel considered and not used, in the order considered (channel names are lower case).</summary>
    public IReadOnlyList<ChannelRefusal> Refusals { get; init; } = [];

    public static ChannelChoice Chosen(string channel, string address, ChannelChoiceReason reason, IReadOnlyList<ChannelRefusal> refusals) =>
        new() { Channel = channel, Address = address, Reason = reason, Refusals = refusals };

    public static ChannelChoice Refused(IReadOnlyList<ChannelRefusal> refusals) => new() { Refusals = refusals };
}
