namespace Routing.Core.Channels;

/// <summary>
/// A configured channel. Channels are configuration, not code: adding one never changes the contract.
/// </summary>
/// <param name="Name">Lower-case channel name as gateways send it, e.g. "chat".</param>
/// <param name="AddressKind">How senders are identified on this channel.</param>
/// <param name="MergeWhileWaiting">
/// True when a second message from the same customer on this channel joins the contact that is
/// still waiting (chat, e-mail, SMS); false when each one is its own contact (two calls are two calls).
/// </param>
public sealed record ChannelDefinition(string Name, AddressKind AddressKind, bool MergeWhileWaiting);
