using Routing.Core.Channels;

namespace Routing.Crm.Tests;

public sealed class DemoDataTests
{
    // The router validates and normalises a sender before it looks the customer up, so a demo address
    // the channel rejects, or stores in another form, is a customer nobody can reach on that channel.
    [Fact]
    public void ContactPoints_EveryAddress_PassesItsChannelsValidationUnchanged()
    {
        var channels = BuiltInChannels.All.ToDictionary(c => c.Name);

        Assert.All(DemoData.ContactPoints, point =>
        {
            Assert.True(channels.TryGetValue(point.Channel, out var channel), $"{point.Channel} is not a built-in channel");
            var normalised = AddressNormalizer.TryNormalize(channel.AddressKind, point.Address, defaultCountryCode: "", out var error);
            Assert.True(normalised == point.Address, $"{point.Channel} {point.Address}: {(normalised is null ? error : "normalised to " + normalised)}");
        });
    }

    [Fact]
    public void ContactPoints_EveryCustomer_IsReachableOnTheirPreferredChannel()
    {
        Assert.All(DemoData.Customers, customer =>
            Assert.Contains(DemoData.ContactPoints, p => p.CustomerId == customer.CustomerId && p.Channel == customer.PreferredChannel));
    }
}
