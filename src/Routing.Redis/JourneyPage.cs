namespace Routing.Redis;

/// <summary>One page of a customer's journey, newest first; <paramref name="NextPageToken"/> is empty on the last page.</summary>
public sealed record JourneyPage(IReadOnlyList<ContactRecord> Contacts, string NextPageToken);
