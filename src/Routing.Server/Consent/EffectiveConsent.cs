using Routing.Core.Customers;
using Routing.Redis;

namespace Routing.Server.Consent;

/// <summary>A customer's consent as routing uses it: the CRM's context with every router-made change applied over it.</summary>
/// <param name="Customer">The CRM context with <see cref="CustomerContext.ChannelConsent"/> already overridden.</param>
/// <param name="Changes">The changes made through the router, by channel.</param>
/// <param name="Addresses">The customer's addresses the CRM knows.</param>
public sealed record EffectiveConsent(CustomerContext Customer, IReadOnlyDictionary<string, ConsentOverride> Changes, IReadOnlyList<CustomerAddress> Addresses);
