using System.Text.RegularExpressions;

namespace Routing.Redis;

/// <summary>Offer ids are "of-{contact}-{n}" (includes/offer.lua): the contact an offer id names, to declare its keys.</summary>
internal static partial class OfferIds
{
    public static string? ContactOf(string offerId) => Pattern().Match(offerId) is { Success: true } m ? m.Groups["contact"].Value : null;

    [GeneratedRegex("^of-(?<contact>.+)-[0-9]+$")]
    private static partial Regex Pattern();
}
