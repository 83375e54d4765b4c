namespace Routing.Server.Outbound;

/// <summary>
/// The channel a message to a customer goes out on, the address there and why (<see cref="Reason"/>);
/// or, when <see cref="Channel"/> is null, every reason no channel is permitted.
/// </summary>
public sealed record OutboundChannelChoice(string? Channel, string Address, string Reason, IReadOnlyList<string> Refusals)
{
    public static OutboundChannelChoice Chosen(string channel, string address, string reason) => new(channel, address, reason, []);

    public static OutboundChannelChoice None(params string[] refusals) => new(null, "", "", refusals);
}
