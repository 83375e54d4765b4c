using System.Globalization;

namespace Routing.Redis;

/// <summary>One consent change held in Redis (cs:{customer}); wins over the CRM's consent until the CRM has it and beyond.</summary>
public sealed record ConsentOverride(string CustomerId, string Channel, bool OptedIn, DateTimeOffset ChangedAt)
{
    internal static string Encode(bool optedIn, DateTimeOffset changedAt) =>
        (optedIn ? "1|" : "0|") + changedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);

    internal static ConsentOverride? Decode(string customerId, string channel, string? value)
    {
        var bar = value?.IndexOf('|', StringComparison.Ordinal) ?? -1;
        if (bar != 1 || !long.TryParse(value.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            return null;
        }

        return new ConsentOverride(customerId, channel, value![0] == '1', DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
