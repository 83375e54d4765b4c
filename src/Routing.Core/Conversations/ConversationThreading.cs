using Routing.Core.Channels;
using Routing.Core.Customers;

namespace Routing.Core.Conversations;

/// <summary>
/// Decides which contacts belong together. A known customer has one thread across all channels
/// (e-mail, then chat, then SMS join one conversation); an unknown sender can only be recognised
/// by the same address on the same channel.
/// </summary>
public static class ConversationThreading
{
    public static string ThreadKey(CustomerContext customer, ChannelDefinition channel, string normalisedAddress) =>
        customer.CustomerId is { } id ? CustomerThreadKey(id) : AddressThreadKey(channel.Name, normalisedAddress);

    /// <summary>The thread of a customer the CRM knows.</summary>
    public static string CustomerThreadKey(string customerId) => $"cust:{customerId}";

    /// <summary>The thread of an unknown sender (or of a known one while the CRM did not answer).</summary>
    public static string AddressThreadKey(string channel, string normalisedAddress) => $"addr:{channel}:{normalisedAddress}";

    /// <summary>
    /// Whether a message joins the customer's contact that is still waiting on the same channel
    /// (instead of queuing a second contact for the same customer).
    /// </summary>
    public static bool MergesWhileWaiting(ChannelDefinition channel, ThreadingOptions options) =>
        options.MergeWaitingContacts && channel.MergeWhileWaiting;

    /// <summary>Whether a conversation last active at <paramref name="lastActivity"/> is still open at <paramref name="now"/>.</summary>
    public static bool IsOpen(DateTimeOffset lastActivity, DateTimeOffset now, ThreadingOptions options) =>
        now - lastActivity <= options.Window;
}
