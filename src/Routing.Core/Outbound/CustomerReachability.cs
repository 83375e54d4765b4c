using Routing.Core.Customers;

namespace Routing.Core.Outbound;

/// <summary>
/// What the router knows about how a customer may be reached: per-channel consent (true opted in,
/// false opted out, absent unknown), the preferred channel, their own order of channels, and their
/// addresses. Built from the CRM context with any consent override already applied.
/// </summary>
public sealed record CustomerReachability
{
    public IReadOnlyDictionary<string, bool> Consent { get; init; } = new Dictionary<string, bool>(StringComparer.OrdinalIgnoreCase);

    public string PreferredChannel { get; init; } = "";

    /// <summary>The customer's channels, most wanted first.</summary>
    public IReadOnlyList<string> ChannelOrder { get; init; } = [];

    public IReadOnlyList<CustomerAddress> Addresses { get; init; } = [];

    /// <summary>The reachability of <paramref name="customer"/> at <paramref name="addresses"/>.</summary>
    public static CustomerReachability From(CustomerContext customer, IReadOnlyList<CustomerAddress> addresses)
    {
        ArgumentNullException.ThrowIfNull(customer);
        return new CustomerReachability
        {
            Consent = customer.ChannelConsent,
            PreferredChannel = customer.PreferredChannel,
            ChannelOrder = customer.ChannelOrder,
            Addresses = addresses,
        };
    }
}
